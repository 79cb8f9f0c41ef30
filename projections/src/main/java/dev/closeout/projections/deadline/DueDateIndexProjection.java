package dev.closeout.projections.deadline;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAccepted;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAssigned;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintClosed;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintEscalated;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintNotAcceptedInTime;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintNotAnsweredInTime;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReceived;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReopened;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReplied;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferred;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskEscalated;
import dev.closeout.domain.task.TaskEvent.TaskExtensionApproved;
import dev.closeout.domain.task.TaskEvent.TaskFellDueSoon;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskEvent.TaskReopened;
import dev.closeout.domain.task.TaskEvent.TaskWentOverdue;
import dev.closeout.domain.task.TaskEvent.TaskWithdrawn;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.deadline.WatchedItem.Kind;
import dev.closeout.projections.deadline.WatchedItem.Stage;
import dev.closeout.projections.support.DocumentMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.util.function.UnaryOperator;

/**
 * The sweep's due-date index: per calendar date, the ids of the open items whose next deadline
 * check falls on that date ({@value #DATES}, {@code _id} = {@code "2026-11-25"}, holding
 * {@code tasks} and {@code complaints} sets), so a sweep reads only the date documents from its last
 * sweep to today, by {@code _id}, and its cost grows with the items due, not with all items.
 * <p>
 * Per item, {@value #ITEMS} keeps what {@link NextCheck} needs and the date the item is filed under.
 * When an event moves the next check (a recorded transition, an extension, a closure), the item is
 * added to its new date first and then pulled from the old one, and the item document is saved
 * last with the event's sequence number: a redelivered event redoes both idempotent set operations
 * and then changes nothing. An item whose next check is already past when the event is handled (a
 * task registered overdue) is filed under the event's own day, which the sweep reads again.
 */
@ProcessingGroup(DueDateIndexProjection.PROCESSING_GROUP)
public class DueDateIndexProjection {

    public static final String PROCESSING_GROUP = "due-date-index";
    public static final String DATES = "due_dates";
    public static final String ITEMS = "due_date_items";
    /**
     * The oldest date anything was filed under ({@code _id} "oldest"), the sweep's mark ("swept") and
     * the checks it retries ("retry").
     */
    public static final String MARKS = "due_date_marks";

    private final MongoCollection<Document> dates;
    private final MongoCollection<Document> items;
    private final MongoCollection<Document> marks;
    private final DeadlinePolicy policy;
    private final EscalationLadder ladder;

    public DueDateIndexProjection(MongoDatabase database, DeadlinePolicy policy, EscalationLadder ladder) {
        this.dates = database.getCollection(DATES);
        this.items = database.getCollection(ITEMS);
        this.marks = database.getCollection(MARKS);
        this.policy = policy;
        this.ladder = ladder;
    }

    @EventHandler
    void on(TaskRegistered e, @SequenceNumber long seq, @Timestamp Instant at) {
        if (find(Kind.TASK, e.taskId().value()) == null) {
            refile(WatchedItem.task(e.taskId().value(), e.ledger(), e.dueDate(), -1), seq, at);
        }
    }

    @EventHandler
    void on(TaskExtensionApproved e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.dueOn(e.newDueDate()));
    }

    @EventHandler
    void on(TaskFellDueSoon e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.fellDueSoon(e.dueDate()));
    }

    @EventHandler
    void on(TaskWentOverdue e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.wentOverdue(e.dueDate()));
    }

    @EventHandler
    void on(TaskEscalated e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.escalatedTo(e.level()));
    }

    @EventHandler
    void on(TaskClosed e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.inStage(Stage.DONE));
    }

    @EventHandler
    void on(TaskWithdrawn e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.inStage(Stage.DONE));
    }

    @EventHandler
    void on(TaskReopened e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.inStage(Stage.IN_HAND));
    }

    @EventHandler
    void on(ComplaintReceived e, @SequenceNumber long seq, @Timestamp Instant at) {
        if (find(Kind.COMPLAINT, e.complaintId().value()) == null) {
            refile(WatchedItem.complaint(e.complaintId().value(), -1), seq, at);
        }
    }

    @EventHandler
    void on(ComplaintAssigned e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.handedOver(e.dueDate(), acceptBy(at)));
    }

    @EventHandler
    void on(ComplaintTransferred e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.handedOver(e.dueDate(), acceptBy(at)));
    }

    @EventHandler
    void on(ComplaintReopened e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.handedOver(e.dueDate(), acceptBy(at)));
    }

    @EventHandler
    void on(ComplaintAccepted e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.inStage(Stage.IN_HAND));
    }

    @EventHandler
    void on(ComplaintReplied e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.inStage(Stage.DONE));
    }

    @EventHandler
    void on(ComplaintClosed e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.inStage(Stage.DONE));
    }

    @EventHandler
    void on(ComplaintNotAcceptedInTime e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, WatchedItem::notAccepted);
    }

    @EventHandler
    void on(ComplaintNotAnsweredInTime e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.wentOverdue(e.dueDate()));
    }

    @EventHandler
    void on(ComplaintEscalated e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.escalatedTo(e.level()));
    }

    /** A rebuild files every item again, and the next sweep starts over from the oldest date. */
    @ResetHandler
    void reset() {
        dates.deleteMany(new Document());
        items.deleteMany(new Document());
        marks.deleteMany(new Document());
    }

    private LocalDate acceptBy(Instant assignedAt) {
        return policy.acceptBy(policy.dayOf(assignedAt));
    }

    private void task(String id, long seq, Instant at, UnaryOperator<WatchedItem> change) {
        change(Kind.TASK, id, seq, at, change);
    }

    private void complaint(String id, long seq, Instant at, UnaryOperator<WatchedItem> change) {
        change(Kind.COMPLAINT, id, seq, at, change);
    }

    private void change(Kind kind, String id, long seq, Instant at, UnaryOperator<WatchedItem> change) {
        WatchedItem item = find(kind, id);
        if (item == null) {
            throw new IllegalStateException("No due-date index entry for " + kind + " " + id);
        }
        if (seq > item.seq()) {
            refile(change.apply(item), seq, at);
        }
    }

    private void refile(WatchedItem item, long seq, Instant at) {
        LocalDate eventDay = policy.dayOf(at);
        LocalDate next = NextCheck.of(item, policy, ladder)
                .map(day -> day.isBefore(eventDay) ? eventDay : day)
                .orElse(null);
        String field = item.kind() == Kind.TASK ? "tasks" : "complaints";
        if (next != null && !next.equals(item.filedOn())) {
            dates.updateOne(Filters.eq("_id", next.toString()), Updates.addToSet(field, item.id()),
                    new UpdateOptions().upsert(true));
            marks.updateOne(Filters.eq("_id", "oldest"), Updates.min("date", next.toString()),
                    new UpdateOptions().upsert(true));
        }
        if (item.filedOn() != null && !item.filedOn().equals(next)) {
            dates.updateOne(Filters.eq("_id", item.filedOn().toString()), Updates.pull(field, item.id()));
        }
        WatchedItem saved = item.filed(next, seq);
        Document document = DocumentMapper.toDocument(saved);
        document.put("_id", saved.key());
        items.replaceOne(Filters.eq("_id", saved.key()), document, new ReplaceOptions().upsert(true));
    }

    private WatchedItem find(Kind kind, String id) {
        Document document = items.find(Filters.eq("_id", kind + ":" + id)).first();
        return document == null ? null : DocumentMapper.fromDocument(document, WatchedItem.class);
    }
}
