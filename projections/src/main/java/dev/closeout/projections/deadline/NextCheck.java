package dev.closeout.projections.deadline;

import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.domain.time.DueDates;

import java.time.LocalDate;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The next day a deadline check of an item could record something, read off the same
 * {@link DeadlinePolicy} the aggregates decide with: a task's due-soon warning, then the day after
 * its due date, then each day the escalation schedule climbs above its level; a complaint's
 * acceptance limit, the day after its due date, then its escalation days; and for a task, also the day
 * after each milestone's due date while the milestone is still chased; and for either, the day after a
 * referral's report-back date (反馈) while it is still chased, also once the item is closed. Empty when
 * nothing is left to record: done, or already at the schedule's top level, or a complaint's transfer request
 * (申请转办) waiting on a supervisor, and no report-back chased.
 */
final class NextCheck {

    private NextCheck() {
    }

    static Optional<LocalDate> of(WatchedItem item, DeadlinePolicy policy, EscalationLadder ladder) {
        return Stream.of(reportBackOverdue(item), ofStage(item, policy, ladder)).flatMap(Optional::stream)
                .min(LocalDate::compareTo);
    }

    /**
     * The first day a referral's report-back is overdue, while it is still chased: whatever the item's
     * stage, since the referring level waits on a closed or replied item too.
     */
    private static Optional<LocalDate> reportBackOverdue(WatchedItem item) {
        return Optional.ofNullable(item.reportBackDue()).map(due -> DueDates.firstDayOverdue(Limits.clamp(due)));
    }

    private static Optional<LocalDate> ofStage(WatchedItem item, DeadlinePolicy policy, EscalationLadder ladder) {
        if (item.stage() == WatchedItem.Stage.DONE || item.stage() == WatchedItem.Stage.UNASSIGNED
                || item.transferPending()) {
            return Optional.empty();
        }
        Optional<LocalDate> answer = deadline(item, policy, ladder);
        if (item.kind() == WatchedItem.Kind.TASK) {
            return Stream.of(answer, milestoneMissed(item)).flatMap(Optional::stream).min(LocalDate::compareTo);
        }
        Optional<LocalDate> acceptance = item.stage() == WatchedItem.Stage.AWAITING_ACCEPTANCE
                && !item.notAcceptedRecorded() && item.acceptBy() != null
                ? Optional.of(DueDates.firstDayOverdue(item.acceptBy())) : Optional.empty();
        return Stream.of(acceptance, answer).flatMap(Optional::stream).min(LocalDate::compareTo);
    }

    /** The first day a milestone still chased is missed, as {@link DueDates#firstDayOverdue} gives it. */
    private static Optional<LocalDate> milestoneMissed(WatchedItem item) {
        return item.milestones().stream().filter(WatchedItem.WatchedMilestone::chased)
                .map(m -> DueDates.firstDayOverdue(Limits.clamp(m.dueDate())))
                .min(LocalDate::compareTo);
    }

    private static Optional<LocalDate> deadline(WatchedItem item, DeadlinePolicy policy, EscalationLadder ladder) {
        LocalDate due = item.dueDate();
        if (!due.equals(item.overdueFor())) {
            boolean warn = item.kind() == WatchedItem.Kind.TASK && !due.equals(item.dueSoonFor());
            return Optional.of(warn ? policy.dueSoonFrom(item.ledger(), due) : DueDates.firstDayOverdue(Limits.clamp(due)));
        }
        return policy.nextEscalationOn(due, item.level(), ladder);
    }
}
