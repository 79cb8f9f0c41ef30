package dev.closeout.projections.deadline;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.complaint.ComplaintChannel;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAccepted;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAssigned;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReceived;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferRejected;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferRequested;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.domain.complaint.Referral;
import dev.closeout.domain.task.Milestone;
import dev.closeout.domain.task.TaskEvent.MilestoneMissed;
import dev.closeout.domain.task.TaskEvent.MilestoneReportedMet;
import dev.closeout.domain.task.TaskEvent.MilestoneReturned;
import dev.closeout.domain.task.TaskEvent.MilestonesPlanned;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskExtensionApproved;
import dev.closeout.domain.task.TaskEvent.TaskFellDueSoon;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.domain.time.DeadlinePolicy;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DueDateIndexProjectionTest {

    private static final TaskId TASK = new TaskId("t-1");
    private static final LocalDate DUE = LocalDate.of(2025, 6, 10);
    private static final Instant MAY = Instant.parse("2025-05-20T02:00:00Z");

    private MongoServer server;
    private MongoClient client;
    private DueDateIndexProjection projection;
    private DueDateIndex index;
    private MongoDatabase database;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        database = client.getDatabase("index");
        projection = new DueDateIndexProjection(database, DeadlinePolicy.standard(ZoneId.of("Asia/Shanghai")),
                EscalationLadder.DEFAULT);
        index = new DueDateIndex(database);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private static TaskRegistered registered(LocalDate due) {
        return new TaskRegistered(TASK, "台账", "任务", null, "DEPT-A", List.of(), null, TaskSource.SELF_IDENTIFIED, due,
                Actor.supervisor("s"), null);
    }

    private static TaskRegistered registered(String id, LocalDate due) {
        return new TaskRegistered(new TaskId(id), "台账", "任务", null, "DEPT-A", List.of(), null,
                TaskSource.SELF_IDENTIFIED, due, Actor.supervisor("s"), null);
    }

    private List<String> tasksOn(String day) {
        return List.copyOf(index.filedOn(List.of(LocalDate.parse(day))).tasks());
    }

    private static final ComplaintId COMPLAINT = new ComplaintId("c-1");
    /** Monday 2 June 2025, 10:00 in Beijing: to be accepted by 3 June. */
    private static final Instant ASSIGNED_AT = Instant.parse("2025-06-02T02:00:00Z");

    private void complaintAssigned() {
        projection.on(new ComplaintReceived(COMPLAINT, ComplaintChannel.HOTLINE_12345, Referral.NONE, "路灯不亮", "东关小区",
                null, null, MAY, Actor.supervisor("s")), 0, MAY);
        projection.on(new ComplaintAssigned(COMPLAINT, "DEPT-A", DUE, Actor.supervisor("s")), 1, ASSIGNED_AT);
    }

    private List<String> complaintsOn(String day) {
        return List.copyOf(index.filedOn(List.of(LocalDate.parse(day))).complaints());
    }

    @Test
    void a_complaint_whose_transfer_request_waits_on_a_supervisor_is_filed_under_no_day() {
        complaintAssigned();
        assertThat(complaintsOn("2025-06-04")).containsExactly("c-1");
        projection.on(new ComplaintTransferRequested(COMPLAINT, "不属本单位", Actor.department("a", "DEPT-A")), 2,
                ASSIGNED_AT);
        assertThat(complaintsOn("2025-06-04")).isEmpty();
        assertThat(database.getCollection(DueDateIndexProjection.ENTRIES).countDocuments()).isZero();
    }

    @Test
    void a_rejected_transfer_request_files_the_complaint_again_to_accept_within_its_limit_from_the_rejection() {
        complaintAssigned();
        projection.on(new ComplaintTransferRequested(COMPLAINT, "不属本单位", Actor.department("a", "DEPT-A")), 2,
                ASSIGNED_AT);
        // rejected on Thursday 5 June: to be accepted by Friday 6 June
        projection.on(new ComplaintTransferRejected(COMPLAINT, "属本单位职责", Actor.supervisor("s")), 3,
                Instant.parse("2025-06-05T02:00:00Z"));
        assertThat(complaintsOn("2025-06-07")).containsExactly("c-1");
    }

    @Test
    void a_transfer_request_rejected_after_the_due_date_files_the_complaint_under_the_rejection_day() {
        complaintAssigned();
        projection.on(new ComplaintAccepted(COMPLAINT, Actor.department("a", "DEPT-A")), 2, ASSIGNED_AT);
        projection.on(new ComplaintTransferRequested(COMPLAINT, "不属本单位", Actor.department("a", "DEPT-A")), 3,
                ASSIGNED_AT);
        projection.on(new ComplaintTransferRejected(COMPLAINT, "属本单位职责", Actor.supervisor("s")), 4,
                Instant.parse("2025-06-20T02:00:00Z"));
        assertThat(complaintsOn("2025-06-20")).containsExactly("c-1");
    }

    @Test
    void a_registered_task_is_filed_under_its_first_due_soon_day() {
        projection.on(registered(DUE), 0, MAY);
        assertThat(tasksOn("2025-06-05")).containsExactly("t-1");
        assertThat(index.oldest()).contains(LocalDate.of(2025, 6, 5));
    }

    @Test
    void a_recorded_warning_moves_the_task_to_the_day_after_its_due_date() {
        projection.on(registered(DUE), 0, MAY);
        projection.on(new TaskFellDueSoon(TASK, DUE, 3, Actor.SYSTEM), 1, Instant.parse("2025-06-05T01:00:00Z"));
        assertThat(tasksOn("2025-06-05")).isEmpty();
        assertThat(tasksOn("2025-06-11")).containsExactly("t-1");
    }

    @Test
    void a_task_registered_already_overdue_is_filed_under_the_day_it_was_registered() {
        projection.on(registered(LocalDate.of(2025, 5, 1)), 0, MAY);
        assertThat(tasksOn("2025-05-20")).containsExactly("t-1");
    }

    @Test
    void an_extension_moves_the_task_and_a_closure_removes_it() {
        projection.on(registered(DUE), 0, MAY);
        projection.on(new TaskExtensionApproved(TASK, DUE, LocalDate.of(2025, 7, 10), Actor.supervisor("s")), 2, MAY);
        assertThat(tasksOn("2025-06-05")).isEmpty();
        assertThat(tasksOn("2025-07-07")).containsExactly("t-1");
        projection.on(new TaskClosed(TASK, Actor.supervisor("s")), 3, MAY);
        assertThat(tasksOn("2025-07-07")).isEmpty();
    }

    @Test
    void a_redelivered_event_changes_nothing() {
        projection.on(registered(DUE), 0, MAY);
        projection.on(new TaskFellDueSoon(TASK, DUE, 3, Actor.SYSTEM), 1, MAY);
        projection.on(new TaskExtensionApproved(TASK, DUE, LocalDate.of(2025, 7, 10), Actor.supervisor("s")), 2, MAY);
        projection.on(new TaskFellDueSoon(TASK, DUE, 3, Actor.SYSTEM), 1, MAY);
        assertThat(tasksOn("2025-07-07")).containsExactly("t-1");
        assertThat(tasksOn("2025-06-11")).isEmpty();
    }

    @Test
    void a_day_many_items_fall_due_on_lists_them_all_and_each_move_writes_one_small_entry() {
        for (int i = 0; i < 120; i++) {
            projection.on(registered("t-" + i, DUE), 0, MAY);
        }
        projection.on(new TaskClosed(new TaskId("t-7"), Actor.supervisor("s")), 1, MAY);

        assertThat(tasksOn("2025-06-05")).hasSize(119).doesNotContain("t-7");
        assertThat(database.getCollection(DueDateIndexProjection.ENTRIES).countDocuments()).isEqualTo(119);
        assertThat(database.getCollection(DueDateIndexProjection.ENTRIES).find()).allSatisfy(entry ->
                assertThat(entry.keySet()).containsExactlyInAnyOrder("_id", DueDateIndexProjection.ITEM));
    }

    @Test
    void an_entry_left_behind_by_an_event_redelivered_after_a_crash_is_not_read_as_filed() {
        projection.on(registered(DUE), 0, MAY);
        MongoCollection<Document> items = database.getCollection(DueDateIndexProjection.ITEMS);
        MongoCollection<Document> entries = database.getCollection(DueDateIndexProjection.ENTRIES);
        Document itemBefore = items.find().first();
        Document entryBefore = entries.find().first();
        TaskExtensionApproved extended = new TaskExtensionApproved(TASK, DUE, LocalDate.of(2025, 7, 10),
                Actor.supervisor("s"));
        projection.on(extended, 1, MAY);
        // As a crash after filing under the new date, before the item was saved, leaves it.
        items.replaceOne(new Document("_id", itemBefore.get("_id")), itemBefore);
        entries.insertOne(entryBefore);

        projection.on(extended, 1, MAY);

        assertThat(entries.countDocuments()).as("the new date's two entries").isEqualTo(2);
        assertThat(tasksOn("2025-06-05")).isEmpty();
        assertThat(tasksOn("2025-07-07")).containsExactly("t-1");
        projection.on(new TaskClosed(TASK, Actor.supervisor("s")), 2, MAY);
        assertThat(tasksOn("2025-07-07")).isEmpty();
    }

    private static TaskRegistered registeredWithMilestone(LocalDate milestoneDue) {
        return new TaskRegistered(TASK, "台账", "任务", null, "DEPT-A", List.of(), null, TaskSource.SELF_IDENTIFIED, DUE,
                Actor.supervisor("s"), null, null, "项目建设", List.of(new Milestone("M1", "一季度", milestoneDue)));
    }

    @Test
    void a_task_with_a_milestone_is_filed_first_under_the_day_after_the_milestone() {
        projection.on(registeredWithMilestone(LocalDate.of(2025, 5, 30)), 0, MAY);
        assertThat(tasksOn("2025-05-31")).containsExactly("t-1");
        assertThat(tasksOn("2025-06-05")).isEmpty();
    }

    @Test
    void a_milestone_recorded_missed_is_never_filed_again_even_when_returned() {
        projection.on(registeredWithMilestone(LocalDate.of(2025, 5, 30)), 0, MAY);
        Instant june = Instant.parse("2025-05-31T01:00:00Z");
        projection.on(new MilestoneMissed(TASK, "M1", LocalDate.of(2025, 5, 30), Actor.SYSTEM), 1, june);
        assertThat(tasksOn("2025-05-31")).isEmpty();
        assertThat(tasksOn("2025-06-05")).as("back to its due date's warning").containsExactly("t-1");
        projection.on(new MilestoneReportedMet(TASK, "M1", "材料", List.of(), Actor.department("d", "DEPT-A")), 2, june);
        projection.on(new MilestoneReturned(TASK, "M1", "不全", Actor.supervisor("s")), 3, june);
        assertThat(tasksOn("2025-05-31")).isEmpty();
        assertThat(tasksOn("2025-06-05")).containsExactly("t-1");
    }

    @Test
    void a_milestone_reported_met_is_not_chased_and_a_return_before_its_date_files_it_again() {
        projection.on(registeredWithMilestone(LocalDate.of(2025, 5, 30)), 0, MAY);
        projection.on(new MilestoneReportedMet(TASK, "M1", "材料", List.of(), Actor.department("d", "DEPT-A")), 1, MAY);
        assertThat(tasksOn("2025-05-31")).isEmpty();
        assertThat(tasksOn("2025-06-05")).containsExactly("t-1");
        projection.on(new MilestoneReturned(TASK, "M1", "不全", Actor.supervisor("s")), 2, MAY);
        assertThat(tasksOn("2025-05-31")).containsExactly("t-1");
    }

    @Test
    void milestones_planned_later_are_filed_too() {
        projection.on(registered(DUE), 0, MAY);
        projection.on(new MilestonesPlanned(TASK, List.of(new Milestone("M1", "倒排", LocalDate.of(2025, 5, 25))),
                Actor.supervisor("s")), 1, MAY);
        assertThat(tasksOn("2025-05-26")).containsExactly("t-1");
    }

    /**
     * A sweep that began before a rebuild of the index ends after its reset: the mark it set would make the next
     * sweeps read from yesterday, past the old days where the replay files the items overdue.
     */
    @Test
    void a_sweep_ending_after_a_reset_of_the_index_leaves_the_mark_the_reset_deleted() {
        LocalDate read = LocalDate.of(2025, 5, 20);
        assertThat(index.markSwept(index.lastSwept(), read)).isTrue();
        projection.reset();

        assertThat(index.markSwept(Optional.of(read), LocalDate.of(2025, 5, 21))).isFalse();
        assertThat(index.lastSwept()).as("read from the oldest date next").isEmpty();

        assertThat(index.markSwept(Optional.empty(), LocalDate.of(2025, 5, 21))).isTrue();
        assertThat(index.markSwept(Optional.empty(), LocalDate.of(2025, 5, 22))).as("another sweep set it first")
                .isFalse();
        assertThat(index.markSwept(Optional.of(LocalDate.of(2025, 5, 21)), LocalDate.of(2025, 5, 22))).isTrue();
        assertThat(index.lastSwept()).contains(LocalDate.of(2025, 5, 22));
    }
}
