package dev.closeout.domain.time;

import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Limits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeMap;

/**
 * When an item's deadline events fall due, for the aggregates (what a check on {@code today}
 * records) and for the sweep's due-date index (the next day a check could record anything). Both
 * ask this one policy, so the index never files an item under a day on which its aggregate would
 * find nothing to record.
 *
 * @param calendar                 the working days
 * @param defaults                 colour thresholds of every ledger without its own, and of complaints
 * @param ledgers                  per-ledger thresholds
 * @param schedule                 automatic escalation by working days overdue
 * @param acceptWithinWorkingDays  a complaint assigned on day D must be accepted (签收) by the
 *                                 {@code acceptWithinWorkingDays}-th working day after D
 * @param zone                     the zone in which an event's timestamp gives the day it happened
 */
public record DeadlinePolicy(WorkingCalendar calendar, ColourThresholds defaults,
                             Map<String, ColourThresholds> ledgers, EscalationSchedule schedule,
                             int acceptWithinWorkingDays, ZoneId zone) {

    public DeadlinePolicy {
        Objects.requireNonNull(calendar, "calendar");
        Objects.requireNonNull(defaults, "defaults");
        ledgers = ledgers == null ? Map.of() : Map.copyOf(ledgers);
        Objects.requireNonNull(schedule, "schedule");
        if (acceptWithinWorkingDays < 0) {
            throw new InvalidValueException("acceptWithinWorkingDays", "must not be negative");
        }
        Objects.requireNonNull(zone, "zone");
    }

    /** The shipped calendar, default thresholds and schedule, one working day to accept a complaint. */
    public static DeadlinePolicy standard(ZoneId zone) {
        return new DeadlinePolicy(WorkingCalendar.chinaMainland(), ColourThresholds.DEFAULT, Map.of(),
                EscalationSchedule.DEFAULT, 1, zone);
    }

    /** The thresholds of a ledger; {@code null} (a complaint) gets the defaults. */
    public ColourThresholds thresholds(String ledger) {
        return ledger == null ? defaults : ledgers.getOrDefault(ledger, defaults);
    }

    public ColourPolicy colourPolicy(String ledger) {
        return ColourPolicy.standard(calendar, thresholds(ledger));
    }

    /** A complaint's colours, with the default thresholds: no progress rules ({@link ColourPolicy#forComplaints}). */
    public ColourPolicy complaintColourPolicy() {
        return ColourPolicy.forComplaints(calendar, defaults);
    }

    /** Past the due date, as {@link DueDates#overdue} decides. */
    public boolean overdue(LocalDate dueDate, LocalDate today) {
        return DueDates.overdue(dueDate, today);
    }

    /** Yellow for being near the due date, with this ledger's window, as {@link DueDates#dueSoon} decides. */
    public boolean dueSoon(String ledger, LocalDate dueDate, LocalDate today) {
        return DueDates.dueSoon(calendar, thresholds(ledger).dueSoonWorkingDays(), dueDate, today);
    }

    /** The day {@code instant} falls on in the office's zone. */
    public LocalDate dayOf(Instant instant) {
        return DueDates.dayOf(instant, zone);
    }

    /**
     * The first day on which {@link #dueSoon} holds. Walking back from the due date is bounded:
     * the due-soon window is a few working days, and a run of days off is at most a holiday week.
     */
    public LocalDate dueSoonFrom(String ledger, LocalDate dueDate) {
        dueDate = Limits.clamp(dueDate);
        LocalDate day = dueDate;
        while (dueSoon(ledger, dueDate, day.minusDays(1))) {
            day = day.minusDays(1);
        }
        return day;
    }

    /** The highest level the schedule gives an item overdue on {@code today}; empty when none yet. */
    public Optional<String> automaticLevel(LocalDate dueDate, LocalDate today) {
        if (!overdue(dueDate, today)) {
            return Optional.empty();
        }
        return schedule.levelFor(calendar.workingDaysBetween(dueDate, today));
    }

    /** An escalation the schedule asks of an overdue item: the level, and the reason to record with it. */
    public record AutomaticEscalation(EscalationLadder.Level level, String reason) {
    }

    /**
     * The escalation an item overdue on {@code today} is due, if the schedule's level for it is above
     * {@code currentLevel} ({@code null} when never escalated): only the highest level reached, never
     * down, so an item escalated by hand above the schedule stays there. Both aggregates record it
     * from here, in their own event.
     */
    public Optional<AutomaticEscalation> automaticEscalation(LocalDate dueDate, LocalDate today, String currentLevel,
                                                             EscalationLadder ladder) {
        int current = currentLevel == null ? -1 : ladder.rank(currentLevel);
        return automaticLevel(dueDate, today)
                .filter(level -> ladder.rank(level) > current)
                .flatMap(ladder::find)
                .map(level -> new AutomaticEscalation(level,
                        calendar.workingDaysBetween(dueDate, today) + " working days overdue"));
    }

    /**
     * The day the schedule first asks for a level above {@code currentLevel} ({@code null} when never
     * escalated); empty when the item is already at or above the schedule's last level.
     */
    public Optional<LocalDate> nextEscalationOn(LocalDate dueDate, String currentLevel, EscalationLadder ladder) {
        LocalDate due = Limits.clamp(dueDate);
        int current = currentLevel == null ? -1 : ladder.rank(currentLevel);
        return schedule.steps().stream()
                .filter(step -> ladder.rank(step.levelCode()) > current)
                .findFirst()
                .map(step -> calendar.addWorkingDays(due, step.workingDaysOverdue()));
    }

    /**
     * A digest of everything in this policy and {@code ladder} that moves a deadline day: whoever
     * files items under the days this policy computes (the sweep's due-date index) compares it with
     * the digest it filed under, and files again when the office has changed the policy, such as
     * adding next year's holiday notice or moving a threshold.
     */
    public String fingerprint(EscalationLadder ladder) {
        String description = String.join("\n", calendar.describe(), "defaults " + defaults,
                "ledgers " + new TreeMap<>(ledgers), "schedule " + schedule.steps(),
                "ladder " + ladder.levels().stream().map(EscalationLadder.Level::code).toList(),
                "acceptWithinWorkingDays " + acceptWithinWorkingDays, "zone " + zone.getId());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(description.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** The last day to accept a complaint assigned (or transferred, or reopened) on {@code assignedOn}. */
    public LocalDate acceptBy(LocalDate assignedOn) {
        return calendar.addWorkingDays(assignedOn, acceptWithinWorkingDays);
    }
}
