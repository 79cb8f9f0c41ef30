package dev.closeout.domain.time;

import dev.closeout.domain.common.InvalidValueException;

import java.time.LocalDate;

/**
 * What the colour rules need to know of a task or complaint, and nothing else, so the rules
 * serve both and are tested without either. Dates are not checked against each other: a ledger
 * carried over from paper may register an item whose due date has already passed.
 *
 * @param registeredOn    the day it was put on the ledger (挂账)
 * @param dueDate         the day it is due, extensions included
 * @param lastProgressOn  the day of the latest progress report, {@code null} if none yet
 * @param percentComplete 0 to 100 as last reported, {@code null} if never given
 * @param open            {@code false} once closed (销号) or withdrawn (撤销)
 * @param nextMilestoneOn the earliest due date of the milestones still waiting on the department
 *                        (planned, not reported met), {@code null} if none
 * @param reportBackDue   the day a higher level's referral must be reported back (反馈) by, while it is
 *                        still awaited; {@code null} if the item was not referred or was reported back
 */
public record ItemTimeline(LocalDate registeredOn, LocalDate dueDate, LocalDate lastProgressOn,
                           Integer percentComplete, boolean open, LocalDate nextMilestoneOn,
                           LocalDate reportBackDue) {

    /** An item no higher level awaits a report-back on. */
    public ItemTimeline(LocalDate registeredOn, LocalDate dueDate, LocalDate lastProgressOn, Integer percentComplete,
                        boolean open, LocalDate nextMilestoneOn) {
        this(registeredOn, dueDate, lastProgressOn, percentComplete, open, nextMilestoneOn, null);
    }

    /** An item without milestones waiting: a complaint, or a task with none planned. */
    public ItemTimeline(LocalDate registeredOn, LocalDate dueDate, LocalDate lastProgressOn, Integer percentComplete,
                        boolean open) {
        this(registeredOn, dueDate, lastProgressOn, percentComplete, open, null);
    }

    public ItemTimeline {
        if (registeredOn == null) {
            throw new InvalidValueException("registeredOn", "must be given");
        }
        if (dueDate == null) {
            throw new InvalidValueException("dueDate", "must be given");
        }
        if (percentComplete != null && (percentComplete < 0 || percentComplete > 100)) {
            throw new InvalidValueException("percentComplete", "must be between 0 and 100");
        }
    }

    /** The day silence is counted from: the latest report, or registration before any. */
    LocalDate lastHeardOf() {
        return lastProgressOn == null || lastProgressOn.isBefore(registeredOn) ? registeredOn : lastProgressOn;
    }
}
