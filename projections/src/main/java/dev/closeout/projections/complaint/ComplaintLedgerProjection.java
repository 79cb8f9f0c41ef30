package dev.closeout.projections.complaint;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
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
import dev.closeout.projections.support.LedgerZones;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.function.UnaryOperator;

/**
 * The complaint ledger (信访/诉求台账): one document per month of receipt in {@value #COLLECTION}
 * holds a compact line per complaint received that month (channel, referral, department, due
 * date, status, replied, latest rating, reopened); the figures of a period are derived from
 * these lines when read, and "overdue" is always judged against today. A period query thus
 * reads only the month documents it spans, each by {@code _id}, which both MongoDB and the
 * embedded server serve from an index. The lines never hold the complainant.
 * <p>
 * As in the task ledger, each line carries the sequence number of the last event it reflects,
 * so a redelivered event changes nothing, and lines are set field by field ({@code $set
 * complaints.<id>}) so that concurrent writers never overwrite each other's lines.
 */
@ProcessingGroup(ComplaintLedgerProjection.PROCESSING_GROUP)
public class ComplaintLedgerProjection {

    public static final String PROCESSING_GROUP = "complaint-ledger";
    public static final String COLLECTION = "complaint_ledger_months";
    /** complaintId → the month document its line lives in; written once, at receipt. */
    public static final String COMPLAINT_INDEX = "complaint_ledger_index";

    private final MongoCollection<Document> months;
    private final MongoCollection<Document> complaintIndex;
    private final LedgerZones zones;

    public ComplaintLedgerProjection(MongoDatabase database, LedgerZones zones) {
        this.months = database.getCollection(COLLECTION);
        this.complaintIndex = database.getCollection(COMPLAINT_INDEX);
        this.zones = zones;
    }

    /** Complaints are not on a named ledger, so they are dated in the default ledger zone. */
    private LocalDate dateOf(Instant instant) {
        return LocalDate.ofInstant(instant, zones.defaultZone());
    }

    static String monthKey(LocalDate date) {
        return YearMonth.from(date).toString();
    }

    @EventHandler
    void on(ComplaintReceived e, @SequenceNumber long seq) {
        String id = e.complaintId().value();
        LocalDate on = dateOf(e.receivedAt());
        String key = monthKey(on);
        complaintIndex.updateOne(Filters.eq("_id", id), Updates.set("month", key), new UpdateOptions().upsert(true));
        if (read(key, id) == null) {
            months.updateOne(Filters.eq("_id", key),
                    Updates.set("complaints." + id,
                            ComplaintLedgerLine.received(seq, e.channel(), e.referredBy(), on).toDocument()),
                    new UpdateOptions().upsert(true));
        }
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
        months.deleteMany(new Document());
        complaintIndex.deleteMany(new Document());
    }

    private void change(ComplaintEvent e, long seq, UnaryOperator<ComplaintLedgerLine> change) {
        String id = e.complaintId().value();
        Document location = complaintIndex.find(Filters.eq("_id", id)).first();
        if (location == null) {
            throw new IllegalStateException("Complaint " + id + " is not on the complaint ledger");
        }
        String key = location.getString("month");
        ComplaintLedgerLine line = read(key, id);
        if (line == null) {
            throw new IllegalStateException("No complaint ledger line for complaint " + id);
        }
        if (seq > line.seq()) {
            months.updateOne(Filters.eq("_id", key),
                    Updates.set("complaints." + id, change.apply(line).atSeq(seq).toDocument()));
        }
    }

    private ComplaintLedgerLine read(String key, String id) {
        Document d = months.find(Filters.eq("_id", key)).projection(Projections.include("complaints." + id)).first();
        if (d == null) {
            return null;
        }
        Document complaints = d.get("complaints", Document.class);
        Document line = complaints == null ? null : complaints.get(id, Document.class);
        return line == null ? null : ComplaintLedgerLine.fromDocument(line);
    }
}
