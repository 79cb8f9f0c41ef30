package dev.closeout.projections.complaint;

import com.mongodb.client.MongoDatabase;
import dev.closeout.domain.complaint.ComplaintEvent;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAccepted;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAssigned;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintClosed;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReceived;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReopened;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReplied;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintSatisfactionRecorded;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferred;
import dev.closeout.domain.complaint.ComplaintStatus;
import dev.closeout.projections.support.OfficeZone;
import dev.closeout.projections.support.LineStore;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The complaint ledger (信访/诉求台账): a compact line per complaint (channel, referral,
 * department, due date, status, replied, latest rating, reopened) lives in a small document of
 * its own in {@value #COLLECTION}, in a slot of the month it was received in ({@link LineStore});
 * the figures of a period are derived from these lines when read, and "overdue" is always judged
 * against today. The lines never hold the complainant.
 * <p>
 * A complaint's slot is taken at receipt from the month's counter in {@value #MONTHS} and recorded
 * in {@value #COMPLAINT_INDEX}, so each event rewrites one line of a few hundred bytes found by
 * {@code _id}, however many complaints the month holds. A period query reads the counters of the
 * months it spans and then their lines, each by {@code _id}, which both MongoDB and the embedded
 * server serve from an index (decision 0008).
 * <p>
 * As in the task ledger, each line carries the sequence number of the last event it reflects,
 * so a redelivered event changes nothing.
 */
@ProcessingGroup(ComplaintLedgerProjection.PROCESSING_GROUP)
public class ComplaintLedgerProjection {

    public static final String PROCESSING_GROUP = "complaint-ledger";
    /**
     * The layout this code writes; a store written in another is replayed at start-up (see the
     * application's {@code ReadModelVersions}). 1 kept every line of a group in one document; 2 named
     * buckets with a separator between parts; 3 kept lines in buckets of up to 500, each rewritten whole;
     * 4 kept no versions of a line, so a period could not be read as of a past day.
     */
    public static final String LAYOUT = "5: a document per line in month slots, and its versions day by day";
    /** The line documents: {@code item} (the complaint's id) and {@code line}. */
    public static final String COLLECTION = "complaint_ledger_lines";
    /** month of receipt → how many slots its lines were handed. */
    public static final String MONTHS = "complaint_ledger_months";
    /** complaintId → the key of its line; written once, at receipt. */
    public static final String COMPLAINT_INDEX = "complaint_ledger_index";
    /** Each line's versions day by day ({@code LineVersions}): a period as it stood at the end of a past day. */
    public static final String VERSIONS = "complaint_ledger_line_versions";
    /** Every collection of this read model. */
    public static final List<String> COLLECTIONS = List.of(COLLECTION, MONTHS, COMPLAINT_INDEX, VERSIONS);
    /** The bucket documents of layout 3, dropped when the read model is rebuilt. */
    static final String BUCKETS = "complaint_ledger_buckets";

    private final LineStore lines;
    private final OfficeZone zone;

    public ComplaintLedgerProjection(MongoDatabase database, OfficeZone zone) {
        this.lines = new LineStore(database, COLLECTION, COMPLAINT_INDEX, MONTHS, null, null, List.of(BUCKETS),
                VERSIONS);
        this.zone = zone;
    }

    /** Complaints are not on a named ledger, so they are dated in the default ledger zone. */
    private LocalDate dateOf(Instant instant) {
        return zone.dayOf(instant);
    }

    static String monthKey(LocalDate date) {
        return YearMonth.from(date).toString();
    }

    @EventHandler
    void on(ComplaintReceived e, @SequenceNumber long seq, @Timestamp Instant at) {
        LocalDate on = dateOf(e.receivedAt());
        lines.enter(e.complaintId().value(), monthKey(on), null, null,
                ComplaintLedgerLine.received(seq, e.channel(), e.referredBy(), on).toDocument(), Map.of(), dateOf(at));
    }

    @EventHandler
    void on(ComplaintAssigned e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.assigned(e.department(), e.dueDate()));
    }

    @EventHandler
    void on(ComplaintTransferred e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.assigned(e.toDepartment(), e.dueDate()));
    }

    @EventHandler
    void on(ComplaintAccepted e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.withStatus(ComplaintStatus.ACCEPTED));
    }

    @EventHandler
    void on(ComplaintReplied e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, ComplaintLedgerLine::withReply);
    }

    @EventHandler
    void on(ComplaintSatisfactionRecorded e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.rated(e.rating()));
    }

    @EventHandler
    void on(ComplaintClosed e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.withStatus(ComplaintStatus.CLOSED));
    }

    @EventHandler
    void on(ComplaintReopened e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.reopened(e.dueDate()));
    }

    /** Events that do not move a figure (requests, escalations, conversions) still advance the line's sequence. */
    @EventHandler
    void on(ComplaintEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, UnaryOperator.identity());
    }

    @ResetHandler
    void reset() {
        lines.reset();
    }

    private void change(ComplaintEvent e, long seq, Instant at, UnaryOperator<ComplaintLedgerLine> change) {
        lines.change(e.complaintId().value(), seq, dateOf(at),
                line -> change.apply(ComplaintLedgerLine.fromDocument(line)).toDocument());
    }
}
