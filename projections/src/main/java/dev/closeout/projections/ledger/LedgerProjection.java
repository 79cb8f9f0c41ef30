package dev.closeout.projections.ledger;

import com.mongodb.client.MongoDatabase;
import dev.closeout.domain.common.Text;
import dev.closeout.domain.task.TaskEvent;
import dev.closeout.domain.task.MilestoneStatus;
import dev.closeout.domain.task.TaskEvent.MilestoneConfirmed;
import dev.closeout.domain.task.TaskEvent.MilestoneReportedMet;
import dev.closeout.domain.task.TaskEvent.MilestoneReturned;
import dev.closeout.domain.task.TaskEvent.MilestonesPlanned;
import dev.closeout.domain.task.TaskEvent.ReferralReportedBack;
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
import dev.closeout.projections.support.LineStore;
import dev.closeout.domain.time.DueDates;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The account-and-cancel ledger (挂账销号台账). A compact line per task (status, due date,
 * whether it was closed on time, last sequence number) lives in a small document of its own in
 * {@value #COLLECTION}, in a slot of its ledger and lead department ({@link LineStore}); the counts
 * are derived from these lines when read, so they can never drift from them, and "overdue" is
 * always judged against today.
 * <p>
 * A task's slot is taken at registration from the department's counter in {@value #FILL} and
 * recorded in {@value #TASK_INDEX}, so every later event rewrites one line of a few hundred bytes
 * found by {@code _id}, however many tasks the department holds. The ledger's small document in
 * {@value #LEDGERS} lists its departments, written once per department, so a ledger is read by exact
 * keys: its departments' counters, then their lines, which both MongoDB and the embedded server
 * serve from the {@code _id} index (decision 0008).
 * <p>
 * Each line carries the sequence number of the last event it reflects, so a redelivered
 * event changes nothing.
 */
@ProcessingGroup(LedgerProjection.PROCESSING_GROUP)
public class LedgerProjection {

    public static final String PROCESSING_GROUP = "ledger";
    /**
     * The layout this code writes; a store written in another is replayed at start-up (see the
     * application's {@code ReadModelVersions}). 1 kept every line of a group in one document; 2 joined
     * names with a control character, which two different pairs of names could share; 3 did not mark a
     * pending extension on its line; 4 kept lines in buckets of up to 500, each rewritten whole; 5 kept
     * no versions of a line, so the ledger could not be read as of a past day; 6 did not name a line's
     * responsible leader and category, so the ledger could not be counted by them; 7 did not keep the day a task was
     * closed, so a milestone falling due after it counted as missed; 8 took a supporting department's progress report
     * (配合单位, on its own share) for the task's percent complete, and did not name the supporting departments, so
     * they could not find the tasks they support.
     */
    public static final String LAYOUT = "9: a document per line in department slots, with its leader, category, "
            + "supporting departments, milestones, the day it was closed, its lead department, and its versions day by day";
    /**
     * The line documents: {@code ledger}, {@code department}, {@code leader} and {@code category} (each absent
     * when the task names none), {@code item} (the task's id) and {@code line}.
     */
    public static final String COLLECTION = "ledger_lines";
    /** The field of a line document naming the task's lead department. */
    public static final String DEPARTMENT = "department";
    /** The field of a line document naming the task's responsible leader (包抓领导), absent when none was named. */
    public static final String LEADER = "leader";
    /** The field of a line document naming the task's category (类别), absent when none was given. */
    public static final String CATEGORY = "category";
    /**
     * The field of a line document naming the task's supporting departments (配合单位), separated by
     * {@link #SUPPORTING_SEPARATOR}; absent when it has none.
     */
    public static final String SUPPORTING = "supporting";
    /** A control character, which no department's name may hold ({@code Text}), so the names split back as written. */
    public static final String SUPPORTING_SEPARATOR = "\u001F";
    /** taskId → the key of its line; written once, at registration. */
    public static final String TASK_INDEX = "ledger_task_index";
    /** ledger name → its departments, so a ledger is read by exact keys. */
    public static final String LEDGERS = "ledgers";
    /** The field of a ledger's document listing its departments. */
    public static final String DEPARTMENTS = "departments";
    /** ledger and department → how many slots its lines were handed. */
    public static final String FILL = "ledger_department_fill";
    /** Each line's versions day by day ({@code LineVersions}): the ledger as it stood at the end of a past day. */
    public static final String VERSIONS = "ledger_line_versions";
    /**
     * Which lines were written, numbered per ledger department ({@code ChangeLog}), so that a copy of the lines
     * held in memory fetches only those written since ({@code LineMirror}).
     */
    public static final String CHANGES = "ledger_line_changes";
    /** Every collection of this read model. */
    public static final List<String> COLLECTIONS = List.of(COLLECTION, TASK_INDEX, LEDGERS, FILL, VERSIONS, CHANGES);
    /** The bucket documents of layout 4, dropped when the read model is rebuilt. */
    static final String BUCKETS = "ledger_departments";

    private final LineStore lines;
    private final OfficeZone zone;

    public LedgerProjection(MongoDatabase database, OfficeZone zone) {
        this.lines = new LineStore(database, COLLECTION, TASK_INDEX, FILL, LEDGERS, DEPARTMENTS, List.of(BUCKETS),
                VERSIONS, CHANGES);
        this.zone = zone;
    }

    static String departmentKey(String ledger, String department) {
        return Keys.of(ledger, department);
    }

    /**
     * The groups of lines a ledger's document lists: those of {@code department}, or of every
     * department when it is {@code null}.
     */
    static List<String> groups(Document ledger, String department) {
        String name = ledger.getString("_id");
        return ledger.getList(DEPARTMENTS, String.class, List.of()).stream()
                .filter(d -> department == null || department.equals(d))
                .map(d -> departmentKey(name, d)).toList();
    }

    /**
     * The ledger lists the department before the department's first line is written, so a read never misses a line.
     * The leader and category are fixed fields of the line's document, as the department is: no event changes them,
     * so every version of the line shares them.
     */
    @EventHandler
    void on(TaskRegistered e, @SequenceNumber long seq, @Timestamp Instant at) {
        LedgerLine line = new LedgerLine(seq, TaskStatus.REGISTERED, e.dueDate(), null,
                zone.dayOf(at), null, null, false, false, List.of(),
                e.referral() == null ? null : e.referral().reportBackDue(), null, e.leadDepartment())
                .milestonesPlanned(e.milestones());
        Map<String, String> fixed = new LinkedHashMap<>();
        fixed.put("ledger", e.ledger());
        fixed.put(DEPARTMENT, e.leadDepartment());
        if (!Text.isBlank(e.responsibleLeader())) {
            fixed.put(LEADER, e.responsibleLeader());
        }
        if (!Text.isBlank(e.category())) {
            fixed.put(CATEGORY, e.category());
        }
        if (e.supportingDepartments() != null && !e.supportingDepartments().isEmpty()) {
            fixed.put(SUPPORTING, String.join(SUPPORTING_SEPARATOR, e.supportingDepartments()));
        }
        lines.enter(e.taskId().value(), departmentKey(e.ledger(), e.leadDepartment()), e.ledger(), e.leadDepartment(),
                line.toDocument(), fixed, zone.dayOf(at));
    }

    @EventHandler
    void on(TaskClaimed e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.withStatus(TaskStatus.CLAIMED));
    }

    @EventHandler
    void on(TaskProgressReported e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.progressReported(zone.dayOf(at), e));
    }

    @EventHandler
    void on(TaskWentOverdue e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, LedgerLine::wentOverdue);
    }

    @EventHandler
    void on(TaskExtensionRequested e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.withExtensionPending(true));
    }

    @EventHandler
    void on(TaskExtensionApproved e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.withDueDate(e.newDueDate()).withExtensionPending(false));
    }

    @EventHandler
    void on(TaskExtensionRejected e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.withExtensionPending(false));
    }

    @EventHandler
    void on(TaskClosureRequested e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.withStatus(TaskStatus.CLOSURE_REQUESTED));
    }

    @EventHandler
    void on(TaskClosed e, @SequenceNumber long seq, @Timestamp Instant at) {
        LocalDate day = zone.dayOf(at);
        change(e, seq, at, line -> line.closed(DueDates.closedOnTime(line.dueDate(), day), day));
    }

    @EventHandler
    void on(TaskReturned e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.withStatus(TaskStatus.IN_PROGRESS));
    }

    @EventHandler
    void on(TaskReopened e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.reopened());
    }

    @EventHandler
    void on(TaskWithdrawn e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.withStatus(TaskStatus.WITHDRAWN).withExtensionPending(false));
    }

    @EventHandler
    void on(MilestonesPlanned e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.milestonesPlanned(e.milestones()));
    }

    @EventHandler
    void on(MilestoneReportedMet e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.milestone(e.milestoneId(), MilestoneStatus.REPORTED));
    }

    @EventHandler
    void on(MilestoneConfirmed e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.milestone(e.milestoneId(), MilestoneStatus.MET));
    }

    @EventHandler
    void on(MilestoneReturned e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.milestone(e.milestoneId(), MilestoneStatus.PLANNED));
    }

    @EventHandler
    void on(ReferralReportedBack e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, line -> line.awaitingReportBack(null));
    }

    /** Events that do not move a ledger count still advance the line's sequence number. */
    @EventHandler
    void on(TaskEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e, seq, at, UnaryOperator.identity());
    }

    @ResetHandler
    void reset() {
        lines.reset();
    }

    private void change(TaskEvent e, long seq, Instant at, UnaryOperator<LedgerLine> change) {
        lines.change(e.taskId().value(), seq, zone.dayOf(at),
                line -> change.apply(LedgerLine.fromDocument(line)).toDocument());
    }
}
