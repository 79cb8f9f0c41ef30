package dev.closeout.application.deadline;

import dev.closeout.domain.complaint.ComplaintStatus;
import dev.closeout.domain.time.Assessment;
import dev.closeout.domain.time.Deadline;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.domain.time.ItemTimeline;
import dev.closeout.projections.complaint.ComplaintView;
import dev.closeout.projections.support.LedgerZones;
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
    private final LedgerZones zones;
    private final Clock clock;

    public Colours(DeadlinePolicy policy, LedgerZones zones, Clock clock) {
        this.policy = policy;
        this.zones = zones;
        this.clock = clock;
    }

    public Assessment of(TaskView task) {
        String ledger = task.ledger();
        ItemTimeline timeline = new ItemTimeline(zones.dateOf(ledger, task.registeredAt()), task.dueDate(),
                task.latestProgress() == null ? null : zones.dateOf(ledger, task.latestProgress().reportedAt()),
                task.latestProgress() == null ? null : task.latestProgress().percentComplete(),
                task.status().isOpen());
        return policy.colourPolicy(ledger).assess(timeline, zones.today(ledger, clock));
    }

    /**
     * A complaint is judged while a department owes it an answer: assigned or accepted. Before
     * assignment it has no time limit; once replied to it waits on the supervisor, not on the
     * department. Silence is counted from receipt, as nothing is reported between acceptance and reply.
     */
    public Assessment of(ComplaintView complaint) {
        if (complaint.dueDate() == null) {
            return Assessment.onTrack();
        }
        boolean owed = complaint.status() == ComplaintStatus.ASSIGNED || complaint.status() == ComplaintStatus.ACCEPTED;
        ItemTimeline timeline = new ItemTimeline(date(complaint.receivedAt()), complaint.dueDate(), null, null, owed);
        return policy.colourPolicy(null).assess(timeline, today());
    }

    /** Exactly one of the two; the due date of {@code dueInWorkingDays} working days from today. */
    public LocalDate dueDate(LocalDate dueDate, Integer dueInWorkingDays) {
        return new Deadline(dueDate, dueInWorkingDays).resolve(today(), policy.calendar());
    }

    private LocalDate today() {
        return date(clock.instant());
    }

    private LocalDate date(Instant instant) {
        return LocalDate.ofInstant(instant, zones.defaultZone());
    }
}
