package dev.closeout.projections.ledger;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.closeout.domain.task.TaskEvent;
import dev.closeout.domain.task.TaskEvent.TaskClaimed;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskClosureRequested;
import dev.closeout.domain.task.TaskEvent.TaskExtensionApproved;
import dev.closeout.domain.task.TaskEvent.TaskExtensionRejected;
import dev.closeout.domain.task.TaskEvent.TaskExtensionRequested;
import dev.closeout.domain.task.TaskEvent.TaskProgressReported;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskEvent.TaskReopened;
import dev.closeout.domain.task.TaskEvent.TaskReturned;
import dev.closeout.domain.task.TaskEvent.TaskWentOverdue;
import dev.closeout.domain.task.TaskEvent.TaskWithdrawn;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.projections.support.OfficeZone;
import dev.closeout.projections.support.Keys;
import dev.closeout.projections.support.LineBuckets;
import dev.closeout.domain.time.DueDates;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;

import java.time.Instant;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;

/**
 * The account-and-cancel ledger (挂账销号台账). A compact line per task (status, due date,
 * whether it was closed on time, last sequence number) lives in a bucket document of its lead
 * department in {@value #COLLECTION}; the counts are derived from these lines when read, so
 * they can never drift from them, and "overdue" is always judged against today.
 * <p>
 * A department's lines are spread over buckets of at most {@code bucketCapacity} lines (see
 * {@link LineBuckets}): a task's bucket is chosen at registration and recorded in
 * {@value #TASK_INDEX}, so every later event rewrites one small document found by {@code _id},
 * and a department of a hundred thousand tasks stays far below MongoDB's 16 MB document limit.
 * The ledger's own small document in {@value #LEDGERS} lists its buckets, so a ledger is read
 * by exact keys, which both MongoDB and the embedded server serve from an index.
 * <p>
 * Each line carries the sequence number of the last event it reflects, so a redelivered
 * event changes nothing. Lines of different tasks are set field by field ({@code $set
 * lines.<id>}), so concurrent segments never overwrite each other's lines.
 */
@ProcessingGroup(LedgerProjection.PROCESSING_GROUP)
public class LedgerProjection {

    public static final String PROCESSING_GROUP = "ledger";
    /**
     * The layout this code writes; a store written in another is replayed at start-up (see the
     * application's {@code ReadModelVersions}). 1 kept every line of a group in one document; 2 joined
     * names with a control character, which two different pairs of names could share; 3 did not mark a
     * pending extension on its line.
     */
    public static final String LAYOUT = "4: line buckets, length-prefixed keys, pending extensions";
    /** The bucket documents: {@code ledger}, {@code department} and up to a bucket's capacity of lines. */
    public static final String COLLECTION = "ledger_departments";
    /** taskId → the bucket its line lives in; written once, at registration. */
    public static final String TASK_INDEX = "ledger_task_index";
    /** ledger name → the keys of its buckets, so a ledger is read by exact keys. */
    public static final String LEDGERS = "ledgers";
    /** ledger and department → how many lines its buckets were handed, which fills them in turn. */
    public static final String FILL = "ledger_department_fill";

    private final LineBuckets buckets;
    private final OfficeZone zone;

    public LedgerProjection(MongoDatabase database, OfficeZone zone) {
        this(database, zone, LineBuckets.DEFAULT_CAPACITY);
    }

    public LedgerProjection(MongoDatabase database, OfficeZone zone, int bucketCapacity) {
        this.buckets = new LineBuckets(database, COLLECTION, TASK_INDEX, FILL, LEDGERS, bucketCapacity);
        this.zone = zone;
        database.getCollection(COLLECTION).createIndex(Indexes.ascending("ledger"), new IndexOptions().name("ledger"));
    }

    static String departmentKey(String ledger, String department) {
        return Keys.of(ledger, department);
    }

    /**
     * Which bucket keys, listed by a ledger, hold the lines of {@code department}'s tasks: a bucket's
     * key begins with its ledger and department. Every key when {@code department} is {@code null}.
     */
    static BiPredicate<String, String> bucketsOf(String department) {
        return (ledger, key) -> department == null || key.startsWith(Keys.of(departmentKey(ledger, department)));
    }

    /**
     * The ledger lists the bucket before the line is written, so a line is never in a bucket a
     * read would miss, even when the writer of the bucket's first line has not got that far.
     */
    @EventHandler
    void on(TaskRegistered e, @SequenceNumber long seq, @Timestamp Instant at) {
        LedgerLine line = new LedgerLine(seq, TaskStatus.REGISTERED, e.dueDate(), null,
                zone.dayOf(at), null, null, false, false);
        buckets.enter(e.taskId().value(), departmentKey(e.ledger(), e.leadDepartment()), Map.of("ledger", e.ledger()),
                e.ledger(), line.toDocument(), Map.of("ledger", e.ledger(), "department", e.leadDepartment()));
    }

    @EventHandler
    void on(TaskClaimed e, @SequenceNumber long seq) {
        change(e, seq, line -> line.withStatus(TaskStatus.CLAIMED));
    }

    @EventHandler
    void on(TaskProgressReported e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, (line, ledger) -> line.progressReported(zone.dayOf(at), e.percentComplete()));
    }

    @EventHandler
    void on(TaskWentOverdue e, @SequenceNumber long seq) {
        change(e, seq, LedgerLine::wentOverdue);
    }

    @EventHandler
    void on(TaskExtensionRequested e, @SequenceNumber long seq) {
        change(e, seq, line -> line.withExtensionPending(true));
    }

    @EventHandler
    void on(TaskExtensionApproved e, @SequenceNumber long seq) {
        change(e, seq, line -> line.withDueDate(e.newDueDate()).withExtensionPending(false));
    }

    @EventHandler
    void on(TaskExtensionRejected e, @SequenceNumber long seq) {
        change(e, seq, line -> line.withExtensionPending(false));
    }

    @EventHandler
    void on(TaskClosureRequested e, @SequenceNumber long seq) {
        change(e, seq, line -> line.withStatus(TaskStatus.CLOSURE_REQUESTED));
    }

    @EventHandler
    void on(TaskClosed e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, (line, ledger) -> line.closed(DueDates.closedOnTime(line.dueDate(), zone.dayOf(at))));
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
        change(e, seq, line -> line.withStatus(TaskStatus.WITHDRAWN).withExtensionPending(false));
    }

    /** Events that do not move a ledger count still advance the line's sequence number. */
    @EventHandler
    void on(TaskEvent e, @SequenceNumber long seq) {
        change(e, seq, UnaryOperator.identity());
    }

    @ResetHandler
    void reset() {
        buckets.reset();
    }

    private void change(TaskEvent e, long seq, UnaryOperator<LedgerLine> change) {
        change(e, seq, (line, ledger) -> change.apply(line));
    }

    private void change(TaskEvent e, long seq, BiFunction<LedgerLine, String, LedgerLine> change) {
        buckets.change(e.taskId().value(), seq,
                (entry, line) -> change.apply(LedgerLine.fromDocument(line), entry.getString("ledger")).toDocument());
    }
}
