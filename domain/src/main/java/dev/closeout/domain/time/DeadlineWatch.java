package dev.closeout.domain.time;

import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.time.DeadlinePolicy.AutomaticEscalation;

import java.time.LocalDate;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * What an item's deadline has already been recorded as, kept by the aggregate that owns the item
 * (a task, a complaint) for its deadline check: the due date, the escalation level reached, and the
 * due date each warning was recorded for, so that each warning is recorded once per due date and a
 * new due date arms it again. The aggregate changes it from its event sourcing handlers only; a check
 * decides here what to record and records it in the aggregate's own events.
 */
public final class DeadlineWatch {

    /** {@code null} until the item has a due date (a complaint before assignment). */
    private LocalDate dueDate;
    /** Code of the highest level reached; {@code null} until first escalated. */
    private String escalationLevel;
    private LocalDate overdueRecordedFor;
    private LocalDate dueSoonRecordedFor;

    public LocalDate dueDate() {
        return dueDate;
    }

    public void due(LocalDate dueDate) {
        this.dueDate = dueDate;
    }

    public void escalated(String levelCode) {
        escalationLevel = levelCode;
    }

    public void recordedOverdue(LocalDate dueDate) {
        overdueRecordedFor = dueDate;
    }

    public void recordedDueSoon(LocalDate dueDate) {
        dueSoonRecordedFor = dueDate;
    }

    /** The level an escalation asked by hand reaches, as {@link EscalationLadder#climb} decides from the level reached. */
    public EscalationLadder.Level climb(EscalationLadder ladder, String item, String requested) {
        return ladder.climb(item, escalationLevel, requested);
    }

    /**
     * Whether the item is overdue on {@code today}; when it is, hands {@code overdue} the due date
     * unless it was already recorded overdue for that date, and then {@code escalate} the escalation
     * the schedule asks above the level reached, if any. After downtime only the highest level
     * reached is handed over, not each rung passed while nobody was checking, and never a level
     * below the current one, so an item escalated by hand above the schedule stays there.
     */
    public boolean chaseOverdue(LocalDate today, DeadlinePolicy policy, EscalationLadder ladder,
                                Consumer<LocalDate> overdue, Consumer<AutomaticEscalation> escalate) {
        if (!policy.overdue(dueDate, today)) {
            return false;
        }
        if (!dueDate.equals(overdueRecordedFor)) {
            overdue.accept(dueDate);
        }
        policy.automaticEscalation(dueDate, today, escalationLevel, ladder).ifPresent(escalate);
        return true;
    }

    /**
     * The working days left when the item, on a ledger named {@code ledger}, is due soon on
     * {@code today} and was not yet recorded so for its due date; empty otherwise.
     */
    public OptionalInt newlyDueSoon(LocalDate today, DeadlinePolicy policy, String ledger) {
        if (!policy.dueSoon(ledger, dueDate, today) || dueDate.equals(dueSoonRecordedFor)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(policy.calendar().workingDaysBetween(today, dueDate));
    }
}
