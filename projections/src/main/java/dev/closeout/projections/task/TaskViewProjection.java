package dev.closeout.projections.task;

import com.mongodb.client.MongoDatabase;
import dev.closeout.domain.task.TaskEvent.MilestoneConfirmed;
import dev.closeout.domain.task.TaskEvent.MilestoneMissed;
import dev.closeout.domain.task.TaskEvent.MilestoneReportedMet;
import dev.closeout.domain.task.TaskEvent.MilestoneReturned;
import dev.closeout.domain.task.TaskEvent.MilestonesPlanned;
import dev.closeout.domain.task.TaskEvent.ReferralReportBackOverdue;
import dev.closeout.domain.task.TaskEvent.ReferralReportedBack;
import dev.closeout.projections.referral.ReferralView;
import dev.closeout.domain.task.TaskEvent.TaskClaimed;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskClosureRequested;
import dev.closeout.domain.task.TaskEvent.TaskEscalated;
import dev.closeout.domain.task.TaskEvent.TaskExtensionApproved;
import dev.closeout.domain.task.TaskEvent.TaskExtensionRejected;
import dev.closeout.domain.task.TaskEvent.TaskExtensionRequested;
import dev.closeout.domain.task.TaskEvent.TaskFellDueSoon;
import dev.closeout.domain.task.TaskEvent.TaskWentOverdue;
import dev.closeout.domain.task.TaskEvent.TaskProgressReported;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskEvent.TaskReopened;
import dev.closeout.domain.task.TaskEvent.TaskReturned;
import dev.closeout.domain.task.TaskEvent.TaskWithdrawn;
import dev.closeout.domain.task.TaskId;
import dev.closeout.projections.support.OfficeZone;
import dev.closeout.domain.time.DueDates;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;

import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * Keeps one {@link TaskView} document per task in {@value #COLLECTION}. Every handler is
 * idempotent: an event whose sequence number is not above the stored version was folded in
 * already and changes nothing, so a redelivered event after a crash is harmless.
 */
@ProcessingGroup(TaskViewProjection.PROCESSING_GROUP)
public class TaskViewProjection {

    public static final String PROCESSING_GROUP = "task-view";
    public static final String COLLECTION = "task_views";
    /**
     * The layout this code writes; a store written in another is replayed at start-up. 2: a task's percent complete
     * and last report are its lead department's or a supervisor's, not a supporting department's.
     */
    public static final String LAYOUT = "2: progress of the lead department or a supervisor";

    private final TaskViews views;
    private final OfficeZone zone;

    public TaskViewProjection(MongoDatabase database, OfficeZone zone) {
        this.views = new TaskViews(database);
        this.zone = zone;
    }

    @EventHandler
    void on(TaskRegistered e, @SequenceNumber long seq, @Timestamp Instant at) {
        views.create(TaskView.registered(e, seq, at));
    }

    @EventHandler
    void on(TaskClaimed e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.claimed(e.actor(), seq, at));
    }

    /** A supporting department's report is on its own share: the task's progress stays the lead department's. */
    @EventHandler
    void on(TaskProgressReported e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.progressReported(e.isTaskProgress(v.leadDepartment())
                ? new TaskView.Progress(e.note(), e.percentComplete(), at, e.actor()) : v.latestProgress(), seq, at));
    }

    @EventHandler
    void on(TaskExtensionRequested e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.extensionRequested(
                new TaskView.PendingExtension(e.newDueDate(), e.reason(), at, e.actor()), seq, at));
    }

    @EventHandler
    void on(TaskExtensionApproved e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.extensionApproved(e.newDueDate(), seq, at));
    }

    @EventHandler
    void on(TaskExtensionRejected e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.extensionRejected(seq, at));
    }

    @EventHandler
    void on(TaskClosureRequested e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.closureRequested(
                new TaskView.ClosureRequest(e.evidence(), e.evidenceFiles(), at, e.actor()), seq, at));
    }

    @EventHandler
    void on(TaskClosed e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> {
            boolean onTime = DueDates.closedOnTime(v.dueDate(), zone.dayOf(at));
            return v.closed(e.actor(), onTime, seq, at);
        });
    }

    @EventHandler
    void on(TaskReturned e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.returned(new TaskView.Note(e.reason(), at, e.actor()), seq, at));
    }

    @EventHandler
    void on(TaskReopened e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.reopened(new TaskView.Note(e.reason(), at, e.actor()), seq, at));
    }

    @EventHandler
    void on(TaskWithdrawn e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.withdrawn(new TaskView.Note(e.reason(), at, e.actor()), seq, at));
    }

    @EventHandler
    void on(TaskEscalated e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.escalated(
                new TaskView.Escalation(e.level(), e.levelLabel(), e.reason(), at, e.actor()), seq, at));
    }

    @EventHandler
    void on(TaskFellDueSoon e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.deadlineRecorded(false, seq, at));
    }

    @EventHandler
    void on(TaskWentOverdue e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.deadlineRecorded(true, seq, at));
    }

    @EventHandler
    void on(MilestonesPlanned e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.milestonesPlanned(e.milestones(), seq, at));
    }

    @EventHandler
    void on(MilestoneReportedMet e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.milestone(e.milestoneId(), m -> m.reported(
                new TaskView.ClosureRequest(e.evidence(), e.evidenceFiles(), at, e.actor())), seq, at));
    }

    @EventHandler
    void on(MilestoneConfirmed e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.milestone(e.milestoneId(), m -> m.confirmed(e.actor(), at), seq, at));
    }

    @EventHandler
    void on(MilestoneReturned e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.milestone(e.milestoneId(),
                m -> m.returned(new TaskView.Note(e.reason(), at, e.actor())), seq, at));
    }

    @EventHandler
    void on(ReferralReportedBack e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.referral(r -> r.reportedBack(e.outcome(), e.reportedBackOn(), e.onTime(), at,
                e.actor()), seq, at));
    }

    @EventHandler
    void on(ReferralReportBackOverdue e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.referral(ReferralView::recordedOverdue, seq, at));
    }

    @EventHandler
    void on(MilestoneMissed e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.taskId(), seq, v -> v.milestone(e.milestoneId(), TaskView.MilestoneView::missed, seq, at));
    }

    /** A rebuild starts from nothing: every view is made again from the events. */
    @ResetHandler
    void reset() {
        views.deleteAll();
    }

    private void update(TaskId id, long seq, UnaryOperator<TaskView> change) {
        views.update(id.value(), seq, change);
    }
}
