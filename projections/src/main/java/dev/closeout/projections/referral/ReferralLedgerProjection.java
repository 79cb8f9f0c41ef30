package dev.closeout.projections.referral;

import com.mongodb.client.MongoDatabase;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintClosed;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReceived;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReferralReportedBack;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReopened;
import dev.closeout.domain.referral.ReferralNotice;
import dev.closeout.domain.task.TaskEvent.ReferralReportedBack;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskEvent.TaskReopened;
import dev.closeout.domain.task.TaskEvent.TaskWithdrawn;
import dev.closeout.projections.support.LineStore;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The referral ledger (转办/交办台账): one compact line per task or complaint a higher level (省, 市)
 * referred, in a slot of its level ({@link LineStore}), so the ledger of a level is read by exact keys
 * from its counter and an event rewrites one small document. Items not referred never enter; their
 * closures and reopenings are passed over after one look-up by {@code _id}. Each line carries the
 * sequence number of the last event it reflects, so a redelivered event changes nothing.
 */
@ProcessingGroup(ReferralLedgerProjection.PROCESSING_GROUP)
public class ReferralLedgerProjection {

    public static final String PROCESSING_GROUP = "referral-ledger";
    /** The layout this code writes; a store written in another is rebuilt at start-up. */
    public static final String LAYOUT = "2: a complaint's title with its complainant masked";
    /** The line documents: {@code item} ({@code TASK:<id>}, {@code COMPLAINT:<id>}) and {@code line}. */
    public static final String LINES = "referral_ledger_lines";
    /** item → the key of its line; written once, when the item is referred. */
    public static final String INDEX = "referral_ledger_index";
    /** level → how many slots its lines were handed. */
    public static final String LEVELS = "referral_ledger_levels";
    /** Every collection of this read model. */
    public static final List<String> COLLECTIONS = List.of(LINES, INDEX, LEVELS);
    static final String TASK = "TASK";
    static final String COMPLAINT = "COMPLAINT";

    private final LineStore lines;

    public ReferralLedgerProjection(MongoDatabase database) {
        this.lines = new LineStore(database, LINES, INDEX, LEVELS, null, null, List.of());
    }

    @EventHandler
    void on(TaskRegistered e, @SequenceNumber long seq) {
        enter(TASK, e.taskId().value(), e.title(), e.referral(), seq);
    }

    @EventHandler
    void on(ReferralReportedBack e, @SequenceNumber long seq) {
        change(TASK, e.taskId().value(), seq, line -> line.reportedBack(e.reportedBackOn(), e.onTime()));
    }

    @EventHandler
    void on(TaskClosed e, @SequenceNumber long seq) {
        change(TASK, e.taskId().value(), seq, line -> line.closed(true));
    }

    @EventHandler
    void on(TaskReopened e, @SequenceNumber long seq) {
        change(TASK, e.taskId().value(), seq, line -> line.closed(false));
    }

    @EventHandler
    void on(TaskWithdrawn e, @SequenceNumber long seq) {
        change(TASK, e.taskId().value(), seq, ReferralLedgerLine::lapsed);
    }

    @EventHandler
    void on(ComplaintReceived e, @SequenceNumber long seq) {
        // every role that reads the referral ledger reads the title: a subject repeating the complainant is masked
        enter(COMPLAINT, e.complaintId().value(), e.maskedSubject(), e.referral(), seq);
    }

    @EventHandler
    void on(ComplaintReferralReportedBack e, @SequenceNumber long seq) {
        change(COMPLAINT, e.complaintId().value(), seq, line -> line.reportedBack(e.reportedBackOn(), e.onTime()));
    }

    @EventHandler
    void on(ComplaintClosed e, @SequenceNumber long seq) {
        change(COMPLAINT, e.complaintId().value(), seq, line -> line.closed(true));
    }

    @EventHandler
    void on(ComplaintReopened e, @SequenceNumber long seq) {
        change(COMPLAINT, e.complaintId().value(), seq, line -> line.closed(false));
    }

    @ResetHandler
    void reset() {
        lines.reset();
    }

    private void enter(String type, String id, String title, ReferralNotice referral, long seq) {
        if (referral != null) {
            lines.enter(type + ":" + id, referral.level().name(), null, null,
                    ReferralLedgerLine.referred(type, id, title, referral, seq).toDocument(), Map.of());
        }
    }

    private void change(String type, String id, long seq, UnaryOperator<ReferralLedgerLine> change) {
        lines.changeIfEntered(type + ":" + id, seq,
                line -> change.apply(ReferralLedgerLine.fromDocument(line)).toDocument());
    }
}
