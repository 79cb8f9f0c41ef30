package dev.closeout.domain.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The bounds of every value a command accepts, in one place (the API reference lists them).
 * Each protects something: text lengths keep an event and a ledger line small (MongoDB refuses
 * a 16 MB document, and every read model copies names); list sizes keep one task from
 * flooding the ledger; dates stay within the working-day calendar's range, so that deadline
 * arithmetic on any stored date is cheap and exact.
 */
public final class Limits {

    /** Ledger, department, leader, category: a name, on one line. */
    public static final int NAME = 200;
    /** A task's title, a complaint's subject. */
    public static final int TITLE = 500;
    /** An escalation level's code. */
    public static final int LEVEL = 100;
    /** Reasons and notes. */
    public static final int REASON = 4_000;
    /** Evidence of completion, a complaint's content, a reply. */
    public static final int TEXT = 8_000;
    /** A task's description. */
    public static final int DESCRIPTION = 20_000;
    /** An evidence file's name, as most file systems bound it. */
    public static final int FILE_NAME = 255;
    /**
     * Evidence files one closure request may name: enough for a before-and-after photo set and the
     * acceptance papers, and few enough that the event stays a few kilobytes.
     */
    public static final int EVIDENCE_FILES = 20;
    /**
     * Milestones one task may carry: four quarterly targets (季度目标) or a month-by-month reverse
     * schedule (倒排工期) over two years, and the task's view stays small.
     */
    public static final int MILESTONES = 24;
    /** A county has some 40 to 90 departments; a task rarely involves more than a dozen. */
    public static final int SUPPORTING_DEPARTMENTS = 100;
    /**
     * Units one inspection round may visit: "35 units inspected" (Zhangye), and room for a round of
     * all "6 counties and 92 city departments".
     */
    public static final int ROUND_UNITS = 200;
    /** Findings one round may record: several per unit, and a round's view stays well under 1 MB. */
    public static final int ROUND_FINDINGS = 500;
    /** About eight years of working days: longer than any campaign's time limit. */
    public static final int WORKING_DAYS = 2_000;
    /** The first day the working-day calendar counts. */
    public static final LocalDate EARLIEST_DATE = LocalDate.of(1949, 1, 1);
    /** The last day the working-day calendar counts. */
    public static final LocalDate LATEST_DATE = LocalDate.of(2199, 12, 31);

    private static final Instant EARLIEST_INSTANT = EARLIEST_DATE.atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant LATEST_INSTANT = LATEST_DATE.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    private Limits() {
    }

    /** The date itself, {@code null} included, or an {@link InvalidValueException} when outside the calendar's range. */
    public static LocalDate date(LocalDate value, String field) {
        if (value != null && (value.isBefore(EARLIEST_DATE) || value.isAfter(LATEST_DATE))) {
            throw new InvalidValueException(field, "must be between " + EARLIEST_DATE + " and " + LATEST_DATE);
        }
        return value;
    }

    /** A value that must be given: the value itself, or an {@link InvalidValueException} naming the field. */
    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new InvalidValueException(field, "is required");
        }
        return value;
    }

    /** A date that must be given and within the calendar's range. */
    public static LocalDate requiredDate(LocalDate value, String field) {
        return date(required(value, field), field);
    }

    /** The instant itself, {@code null} included, or an {@link InvalidValueException} when outside the calendar's range. */
    public static Instant instant(Instant value, String field) {
        if (value != null && (value.isBefore(EARLIEST_INSTANT) || !value.isBefore(LATEST_INSTANT))) {
            throw new InvalidValueException(field, "must be between " + EARLIEST_DATE + " and " + LATEST_DATE);
        }
        return value;
    }

    /** A count of working days from 1 to {@link #WORKING_DAYS}. */
    public static int workingDays(int value, String field) {
        if (value < 1 || value > WORKING_DAYS) {
            throw new InvalidValueException(field, "must be between 1 and " + WORKING_DAYS);
        }
        return value;
    }

    /** The date nearest to {@code value} that the calendar counts: for judging a date stored before these bounds. */
    public static LocalDate clamp(LocalDate value) {
        if (value.isBefore(EARLIEST_DATE)) {
            return EARLIEST_DATE;
        }
        return value.isAfter(LATEST_DATE) ? LATEST_DATE : value;
    }
}
