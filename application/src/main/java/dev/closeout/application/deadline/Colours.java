package dev.closeout.application.deadline;

import dev.closeout.domain.complaint.ComplaintStatus;
import dev.closeout.domain.time.Assessment;
import dev.closeout.domain.time.Deadline;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.domain.time.ItemTimeline;
import dev.closeout.projections.complaint.ComplaintView;
import dev.closeout.projections.support.OfficeZone;
import dev.closeout.projections.task.TaskView;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Colours (红黄蓝) judged at read time, from the views and today's date, with the same policy the
 * aggregates decide their deadline events by; and due dates given as working days, resolved on the
 * office's calendar from today.
 */
@Component
public class Colours {

    private final DeadlinePolicy policy;
    private final OfficeZone zone;
    private final Clock clock;

    public Colours(DeadlinePolicy policy, OfficeZone zone, Clock clock) {
        this.policy = policy;
        this.zone = zone;
        this.clock = clock;
    }

    public Assessment of(TaskView task) {
        return ofTask(task.ledger(), task.registeredAt(), task.dueDate(),
                task.latestProgress() == null ? null : task.latestProgress().reportedAt(),
                task.latestProgress() == null ? null : task.latestProgress().percentComplete(), task.status().isOpen(),
                task.nextMilestoneOn(), task.referral() == null ? null : task.referral().awaitedBy());
    }

    /**
     * A task's colour from what a compact line of it holds (a search card), judged as {@link #of(TaskView)};
     * {@code nextMilestoneOn} is the earliest due date of its milestones waiting on the department, and
     * {@code reportBackDue} the report-back date of a referral still awaited ({@code null} when none).
     */
    public Assessment ofTask(String ledger, Instant registeredAt, LocalDate dueDate, Instant latestProgressAt,
                             Integer percentComplete, boolean open, LocalDate nextMilestoneOn,
                             LocalDate reportBackDue) {
        ItemTimeline timeline = new ItemTimeline(zone.dayOf(registeredAt), dueDate,
                latestProgressAt == null ? null : zone.dayOf(latestProgressAt), percentComplete, open, nextMilestoneOn,
                reportBackDue);
        return policy.colourPolicy(ledger).assess(timeline, zone.today(clock));
    }

    /**
     * A complaint is judged while a department owes it an answer: assigned or accepted. Before
     * assignment it has no time limit; once replied to it waits on the supervisor, not on the
     * department. Nothing is reported between acceptance and reply, so silence does not colour it
     * ({@link DeadlinePolicy#complaintColourPolicy}).
     */
    public Assessment of(ComplaintView complaint) {
        return ofComplaint(complaint.receivedAt(), complaint.dueDate(), complaint.status(),
                complaint.referral() == null ? null : complaint.referral().awaitedBy());
    }

    /**
     * A complaint's colour from what a compact line of it holds, judged as {@link #of(ComplaintView)}, with the
     * report-back date of a referral still awaited ({@code null} when none).
     */
    public Assessment ofComplaint(Instant receivedAt, LocalDate dueDate, ComplaintStatus status,
                                  LocalDate reportBackDue) {
        if (dueDate == null) {
            return Assessment.onTrack();
        }
        boolean owed = status == ComplaintStatus.ASSIGNED || status == ComplaintStatus.ACCEPTED;
        ItemTimeline timeline = new ItemTimeline(zone.dayOf(receivedAt), dueDate, null, null, owed, null,
                reportBackDue);
        return policy.complaintColourPolicy().assess(timeline, zone.today(clock));
    }

    /** Exactly one of the two; the due date of {@code dueInWorkingDays} working days from today. */
    public LocalDate dueDate(LocalDate dueDate, Integer dueInWorkingDays) {
        return new Deadline(dueDate, dueInWorkingDays).resolve(zone.today(clock), policy.calendar());
    }
}
