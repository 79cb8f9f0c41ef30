package dev.closeout.domain.time;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Limits;

import java.time.LocalDate;

/**
 * When an item is due, as a supervisor gives it: a date, or a number of working days ("办结时限
 * 13个工作日") counted from the day the item starts, most often the day it is registered.
 * Exactly one of the two; the other is {@code null}.
 *
 * @param dueDate          the day it is due
 * @param dueInWorkingDays the working days allowed, from 1 to {@link Limits#WORKING_DAYS}, counted after the start day
 */
public record Deadline(LocalDate dueDate, Integer dueInWorkingDays) {

    public Deadline {
        if (dueDate == null && dueInWorkingDays == null) {
            throw new InvalidValueException("dueDate", "or dueInWorkingDays must be given");
        }
        if (dueDate != null && dueInWorkingDays != null) {
            throw new InvalidValueException("dueInWorkingDays", "cannot be given together with dueDate");
        }
        Limits.date(dueDate, "dueDate");
        if (dueInWorkingDays != null) {
            Limits.workingDays(dueInWorkingDays, "dueInWorkingDays");
        }
    }

    public static Deadline on(LocalDate dueDate) {
        return new Deadline(dueDate, null);
    }

    public static Deadline inWorkingDays(int workingDays) {
        return new Deadline(null, workingDays);
    }

    /**
     * The due date: the date given, or the {@code dueInWorkingDays}-th working day after
     * {@code start} on {@code calendar}. A given date is kept even on a day off; moving it is the
     * supervisor's call, not the calendar's.
     */
    public LocalDate resolve(LocalDate start, WorkingCalendar calendar) {
        return dueDate != null ? dueDate : calendar.addWorkingDays(start, dueInWorkingDays);
    }
}
