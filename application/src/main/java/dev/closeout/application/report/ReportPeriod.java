package dev.closeout.application.report;

import dev.closeout.domain.common.InvalidValueException;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.IsoFields;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The period a report covers, named as the offices write it: an ISO week {@code 2026-W11}
 * (Monday to Sunday), a month {@code 2026-03}, a quarter {@code 2026-Q1}; both days inclusive.
 */
public record ReportPeriod(ReportKind kind, String label, LocalDate from, LocalDate to) {

    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-?Q([1-4])");

    /** The period {@code label} names for {@code kind}; refused naming the field {@code period}. */
    public static ReportPeriod parse(ReportKind kind, String label) {
        Matcher m = (switch (kind) {
            case WEEKLY -> WEEK;
            case MONTHLY -> MONTH;
            case QUARTERLY -> QUARTER;
        }).matcher(label);
        if (!m.matches()) {
            throw new InvalidValueException("period", "a " + kind + " report's period is written like "
                    + switch (kind) {
                        case WEEKLY -> "2026-W11";
                        case MONTHLY -> "2026-03";
                        case QUARTERLY -> "2026-Q1";
                    } + ", not '" + label + "'");
        }
        int year = Integer.parseInt(m.group(1));
        int number = Integer.parseInt(m.group(2));
        return switch (kind) {
            case WEEKLY -> {
                LocalDate midYear = LocalDate.of(year, 7, 1);
                if (number < 1 || number > midYear.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
                    throw new InvalidValueException("period", year + " has no week " + number);
                }
                yield week(midYear.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, number));
            }
            case MONTHLY -> {
                if (number < 1 || number > 12) {
                    throw new InvalidValueException("period", "a year has no month " + number);
                }
                yield month(YearMonth.of(year, number));
            }
            case QUARTERLY -> quarter(LocalDate.of(year, 3 * number - 2, 1));
        };
    }

    /** The last period of {@code kind} that ended before {@code today}. */
    public static ReportPeriod lastEnded(ReportKind kind, LocalDate today) {
        return switch (kind) {
            case WEEKLY -> week(today.minusWeeks(1));
            case MONTHLY -> month(YearMonth.from(today).minusMonths(1));
            case QUARTERLY -> quarter(today.minusMonths(3));
        };
    }

    /** Whether the period is over by {@code today}: its last day is behind us, so its figures stay put. */
    public boolean endedBy(LocalDate today) {
        return to.isBefore(today);
    }

    private static ReportPeriod week(LocalDate day) {
        LocalDate monday = day.with(DayOfWeek.MONDAY);
        return new ReportPeriod(ReportKind.WEEKLY, String.format("%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
                monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)), monday, monday.plusDays(6));
    }

    private static ReportPeriod month(YearMonth month) {
        return new ReportPeriod(ReportKind.MONTHLY, month.toString(), month.atDay(1), month.atEndOfMonth());
    }

    private static ReportPeriod quarter(LocalDate day) {
        int quarter = day.get(IsoFields.QUARTER_OF_YEAR);
        LocalDate first = LocalDate.of(day.getYear(), 3 * quarter - 2, 1);
        return new ReportPeriod(ReportKind.QUARTERLY, day.getYear() + "-Q" + quarter, first,
                first.plusMonths(3).minusDays(1));
    }
}
