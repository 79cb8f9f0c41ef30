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
import dev.closeout.projections.support.LineBuckets;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The complaint ledger (信访/诉求台账): a compact line per complaint (channel, referral,
 * department, due date, status, replied, latest rating, reopened) lives in a bucket of the
 * month it was received in, in {@value #COLLECTION}; the figures of a period are derived from
 * these lines when read, and "overdue" is always judged against today. The lines never hold
 * the complainant.
 * <p>
 * A month's lines are spread over buckets of at most {@code bucketCapacity} lines (see
 * {@link LineBuckets}), so a hotline receiving a hundred thousand complaints a month stays far
 * below MongoDB's 16 MB document limit and each event rewrites one small document. A
 * complaint's bucket is chosen at receipt and recorded in {@value #COMPLAINT_INDEX}; the
 * month's small document in {@value #MONTHS} lists the month's buckets (and counts the lines
 * handed to them), so a period query reads the month documents it spans and then their
 * buckets, each by {@code _id}, which both MongoDB and the embedded server serve from an index.
 * <p>
 * As in the task ledger, each line carries the sequence number of the last event it reflects,
 * so a redelivered event changes nothing, and lines are set field by field ({@code $set
 * lines.<id>}) so that concurrent writers never overwrite each other's lines.
 */
@ProcessingGroup(ComplaintLedgerProjection.PROCESSING_GROUP)
public class ComplaintLedgerProjection {

    public static final String PROCESSING_GROUP = "complaint-ledger";
    /**
     * The layout this code writes; a store written in another is replayed at start-up (see the
     * application's {@code ReadModelVersions}). 1 kept every line of a group in one document; 2 named
     * buckets with a separator between parts, the same layout as 3 for month keys.
     */
    public static final String LAYOUT = "3: line buckets, length-prefixed keys";
    /** The bucket documents: {@code month} and up to a bucket's capacity of lines. */
    public static final String COLLECTION = "complaint_ledger_buckets";
    /** month of receipt → the keys of its buckets, and how many lines they were handed. */
    public static final String MONTHS = "complaint_ledger_months";
    /** complaintId → the bucket its line lives in; written once, at receipt. */
    public static final String COMPLAINT_INDEX = "complaint_ledger_index";

    private final LineBuckets buckets;
    private final OfficeZone zone;

    public ComplaintLedgerProjection(MongoDatabase database, OfficeZone zone) {
        this(database, zone, LineBuckets.DEFAULT_CAPACITY);
    }

    public ComplaintLedgerProjection(MongoDatabase database, OfficeZone zone, int bucketCapacity) {
        this.buckets = new LineBuckets(database, COLLECTION, COMPLAINT_INDEX, MONTHS, MONTHS, bucketCapacity);
        this.zone = zone;
    }

    /** Complaints are not on a named ledger, so they are dated in the default ledger zone. */
    private LocalDate dateOf(Instant instant) {
        return zone.dayOf(instant);
    }

    static String monthKey(LocalDate date) {
        return YearMonth.from(date).toString();
    }

    /** The month lists the bucket before the line is written, so a read never misses a line. */
    @EventHandler
    void on(ComplaintReceived e, @SequenceNumber long seq) {
        LocalDate on = dateOf(e.receivedAt());
        String month = monthKey(on);
        buckets.enter(e.complaintId().value(), month, Map.of(), month,
                ComplaintLedgerLine.received(seq, e.channel(), e.referredBy(), on).toDocument(), Map.of("month", month));
    }

    @EventHandler
    void on(ComplaintAssigned e, @SequenceNumber long seq) {
        change(e, seq, line -> line.assigned(e.department(), e.dueDate()));
    }

    @EventHandler
    void on(ComplaintTransferred e, @SequenceNumber long seq) {
        change(e, seq, line -> line.assigned(e.toDepartment(), e.dueDate()));
    }

    @EventHandler
    void on(ComplaintAccepted e, @SequenceNumber long seq) {
        change(e, seq, line -> line.withStatus(ComplaintStatus.ACCEPTED));
    }

    @EventHandler
    void on(ComplaintReplied e, @SequenceNumber long seq) {
        change(e, seq, ComplaintLedgerLine::withReply);
    }

    @EventHandler
    void on(ComplaintSatisfactionRecorded e, @SequenceNumber long seq) {
        change(e, seq, line -> line.rated(e.rating()));
    }

    @EventHandler
    void on(ComplaintClosed e, @SequenceNumber long seq) {
        change(e, seq, line -> line.withStatus(ComplaintStatus.CLOSED));
    }

    @EventHandler
    void on(ComplaintReopened e, @SequenceNumber long seq) {
        change(e, seq, line -> line.reopened(e.dueDate()));
    }

    /** Events that do not move a figure (requests, escalations, conversions) still advance the line's sequence. */
    @EventHandler
    void on(ComplaintEvent e, @SequenceNumber long seq) {
        change(e, seq, UnaryOperator.identity());
    }

    @ResetHandler
    void reset() {
        buckets.reset();
    }

    private void change(ComplaintEvent e, long seq, UnaryOperator<ComplaintLedgerLine> change) {
        buckets.change(e.complaintId().value(), seq,
                (entry, line) -> change.apply(ComplaintLedgerLine.fromDocument(line)).toDocument());
    }
}
