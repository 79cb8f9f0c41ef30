package dev.closeout.projections.referral;

import dev.closeout.domain.referral.ReferralLevel;
import dev.closeout.domain.referral.ReferralNotice;
import dev.closeout.domain.referral.ReferralStatus;
import dev.closeout.projections.support.DocumentMapper;
import org.bson.Document;

import java.time.LocalDate;

/**
 * One referred item on the referral ledger (转办/交办台账), as compact as a ledger line: what was referred,
 * by whom, when it must be reported back, and how it stands. Overdue is not stored: it is judged when
 * read, against today.
 *
 * @param subjectType {@code TASK} or {@code COMPLAINT}
 * @param closed      the item itself is closed (销号, 办结) now
 * @param seq         sequence number of the last event reflected
 */
public record ReferralLedgerLine(String subjectType, String subjectId, String title, ReferralLevel level,
                                 String referringBody, String documentNumber, LocalDate reportBackDue,
                                 ReferralStatus status, LocalDate reportedBackOn, Boolean onTime, boolean closed,
                                 long seq) {

    static ReferralLedgerLine referred(String subjectType, String subjectId, String title, ReferralNotice notice,
                                       long seq) {
        return new ReferralLedgerLine(subjectType, subjectId, title, notice.level(), notice.referringBody(),
                notice.documentNumber(), notice.reportBackDue(), ReferralStatus.AWAITING, null, null, false, seq);
    }

    ReferralLedgerLine reportedBack(LocalDate on, boolean inTime) {
        return new ReferralLedgerLine(subjectType, subjectId, title, level, referringBody, documentNumber,
                reportBackDue, ReferralStatus.REPORTED_BACK, on, inTime, closed, seq);
    }

    ReferralLedgerLine closed(boolean now) {
        return new ReferralLedgerLine(subjectType, subjectId, title, level, referringBody, documentNumber,
                reportBackDue, status, reportedBackOn, onTime, now, seq);
    }

    ReferralLedgerLine lapsed() {
        return status != ReferralStatus.AWAITING ? this : new ReferralLedgerLine(subjectType, subjectId, title, level,
                referringBody, documentNumber, reportBackDue, ReferralStatus.LAPSED, reportedBackOn, onTime, closed,
                seq);
    }

    Document toDocument() {
        return DocumentMapper.toDocument(this);
    }

    static ReferralLedgerLine fromDocument(Document document) {
        return DocumentMapper.fromDocument(document, ReferralLedgerLine.class);
    }
}
