package dev.closeout.projections.ledger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.closeout.domain.task.TaskEvent;
import dev.closeout.domain.task.TaskEvent.TaskClaimed;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskClosureRequested;
import dev.closeout.domain.task.TaskEvent.TaskExtensionApproved;
import dev.closeout.domain.task.TaskEvent.TaskProgressReported;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskEvent.TaskReopened;
import dev.closeout.domain.task.TaskEvent.TaskReturned;
import dev.closeout.domain.task.TaskEvent.TaskWentOverdue;
import dev.closeout.domain.task.TaskEvent.TaskWithdrawn;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.projections.support.LedgerZones;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;

import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The account-and-cancel ledger (挂账销号台账). One document per ledger and lead department
 * in {@value #COLLECTION} holds a compact line per task (status, due date, whether it was
 * closed on time, last sequence number); the counts are derived from these lines when read,
 * so they can never drift from them, and "overdue" is always judged against today.
 * <p>
 * Each line carries the sequence number of the last event it reflects, so a redelivered
 * event changes nothing. Lines of different tasks are set field by field ({@code $set
 * tasks.<id>}), so concurrent segments never overwrite each other's lines. Keeping the lines
 * inside a small per-department document, rather than querying all tasks of a ledger, keeps
 * every read and write on an {@code _id} lookup, which both MongoDB and the embedded server
 * serve from an index.
 */
@ProcessingGroup(LedgerProjection.PROCESSING_GROUP)
public class LedgerProjection {

    public static final String PROCESSING_GROUP = "ledger";
    public static final String COLLECTION = "ledger_departments";
    /** taskId → the department document its line lives in; written once, at registration. */
    public static final String TASK_INDEX = "ledger_task_index";
    /** ledger name → the keys of its department documents, so a ledger is read by exact keys. */
    public static final String LEDGERS = "ledgers";

    private final MongoCollection<Document> departments;
    private final MongoCollection<Document> taskIndex;
    private final MongoCollection<Document> ledgers;
    private final LedgerZones zones;

    public LedgerProjection(MongoDatabase database, LedgerZones zones) {
        this.departments = database.getCollection(COLLECTION);
        this.taskIndex = database.getCollection(TASK_INDEX);
        this.ledgers = database.getCollection(LEDGERS);
        this.zones = zones;
        departments.createIndex(Indexes.ascending("ledger"), new IndexOptions().name("ledger"));
    }

    static String departmentKey(String ledger, String department) {
        return ledger + "\u001f" + department;
    }

    @EventHandler
    void on(TaskRegistered e, @SequenceNumber long seq, @Timestamp Instant at) {
        String key = departmentKey(e.ledger(), e.leadDepartment());
        taskIndex.updateOne(Filters.eq("_id", e.taskId().value()),
                Updates.combine(Updates.set("key", key), Updates.set("ledger", e.ledger())),
                new UpdateOptions().upsert(true));
        ledgers.updateOne(Filters.eq("_id", e.ledger()), Updates.addToSet("departments", key),
                new UpdateOptions().upsert(true));
        LedgerLine line = new LedgerLine(seq, TaskStatus.REGISTERED, e.dueDate(), null,
                zones.dateOf(e.ledger(), at), null, null, false);
        if (read(key, e.taskId().value()) == null) {
            departments.updateOne(Filters.eq("_id", key),
                    Updates.combine(
                            Updates.setOnInsert("ledger", e.ledger()),
                            Updates.setOnInsert("department", e.leadDepartment()),
                            Updates.set("tasks." + e.taskId().value(), line.toDocument())),
                    new UpdateOptions().upsert(true));
        }
    }

    @EventHandler
    void on(TaskClaimed e, @SequenceNumber long seq) {
        change(e, seq, line -> line.withStatus(TaskStatus.CLAIMED));
    }

    @EventHandler
    void on(TaskProgressReported e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, (line, ledger) -> line.progressReported(zones.dateOf(ledger, at), e.percentComplete()));
    }

    @EventHandler
    void on(TaskWentOverdue e, @SequenceNumber long seq) {
        change(e, seq, LedgerLine::wentOverdue);
    }

    @EventHandler
    void on(TaskExtensionApproved e, @SequenceNumber long seq) {
        change(e, seq, line -> line.withDueDate(e.newDueDate()));
    }

    @EventHandler
    void on(TaskClosureRequested e, @SequenceNumber long seq) {
        change(e, seq, line -> line.withStatus(TaskStatus.CLOSURE_REQUESTED));
    }

    @EventHandler
    void on(TaskClosed e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, (line, ledger) -> line.closed(!zones.dateOf(ledger, at).isAfter(line.dueDate())));
    }

    @EventHandler
    void on(TaskReturned e, @SequenceNumber long seq) {
        change(e, seq, line -> line.withStatus(TaskStatus.IN_PROGRESS));
    }

    @EventHandler
    void on(TaskReopened e, @SequenceNumber long seq) {
        change(e, seq, line -> line.reopened());
    }

    @EventHandler
    void on(TaskWithdrawn e, @SequenceNumber long seq) {
        change(e, seq, line -> line.withStatus(TaskStatus.WITHDRAWN));
    }

    /** Events that do not move a ledger count still advance the line's sequence number. */
    @EventHandler
    void on(TaskEvent e, @SequenceNumber long seq) {
        change(e, seq, UnaryOperator.identity());
    }

    @ResetHandler
    void reset() {
        departments.deleteMany(new Document());
        taskIndex.deleteMany(new Document());
        ledgers.deleteMany(new Document());
    }

    private void change(TaskEvent e, long seq, UnaryOperator<LedgerLine> change) {
        change(e, seq, (line, ledger) -> change.apply(line));
    }

    private void change(TaskEvent e, long seq, BiFunction<LedgerLine, String, LedgerLine> change) {
        String taskId = e.taskId().value();
        Document location = taskIndex.find(Filters.eq("_id", taskId)).first();
        if (location == null) {
            throw new IllegalStateException("Task " + taskId + " is not on any ledger");
        }
        String key = location.getString("key");
        LedgerLine line = read(key, taskId);
        if (line == null) {
            throw new IllegalStateException("No ledger line for task " + taskId);
        }
        if (seq > line.seq()) {
            LedgerLine next = change.apply(line, location.getString("ledger")).atSeq(seq);
            departments.updateOne(Filters.eq("_id", key), Updates.set("tasks." + taskId, next.toDocument()));
        }
    }

    private LedgerLine read(String key, String taskId) {
        Document d = departments.find(Filters.eq("_id", key))
                .projection(Projections.include("tasks." + taskId)).first();
        if (d == null) {
            return null;
        }
        Document tasks = d.get("tasks", Document.class);
        Document line = tasks == null ? null : tasks.get(taskId, Document.class);
        return line == null ? null : LedgerLine.fromDocument(line);
    }
}
