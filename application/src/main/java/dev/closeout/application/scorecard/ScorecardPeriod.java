package dev.closeout.application.scorecard;

import dev.closeout.domain.common.InvalidValueException;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The period a quarterly evaluation (季度考评) covers, as a request names it: a {@code quarter}
 * such as {@code 2026Q3}, or {@code from} and {@code to} (inclusive, at most {@value #MAX_DAYS}
 * days apart), or neither for the quarter {@code today} falls in.
 */
public record ScorecardPeriod(LocalDate from, LocalDate to) {

    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-?Q([1-4])");
    private static final int MAX_DAYS = 3_660;

    /** The period the parameters name; an {@link InvalidValueException} naming the parameter otherwise. */
    public static ScorecardPeriod of(String quarter, LocalDate from, LocalDate to, LocalDate today) {
        if (quarter != null && (from != null || to != null)) {
            throw new InvalidValueException("quarter", "cannot be given together with from and to");
        }
        if (quarter == null && (from == null) != (to == null)) {
            throw new InvalidValueException(from == null ? "from" : "to", "is required with " + (from == null ? "to" : "from"));
        }
        if (quarter != null) {
            Matcher m = QUARTER.matcher(quarter);
            if (!m.matches()) {
                throw new InvalidValueException("quarter", "must look like 2026Q3");
            }
            from = firstDayOfQuarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        } else if (from == null) {
            from = firstDayOfQuarter(today.getYear(), (today.getMonthValue() - 1) / 3 + 1);
        }
        if (to == null) {
            to = from.plusMonths(3).minusDays(1);
        }
        if (to.isBefore(from)) {
            throw new InvalidValueException("to", "must not be before from (" + from + ")");
        }
        if (to.toEpochDay() - from.toEpochDay() > MAX_DAYS) {
            throw new InvalidValueException("to", "must be within " + MAX_DAYS + " days of from");
        }
        return new ScorecardPeriod(from, to);
    }

    private static LocalDate firstDayOfQuarter(int year, int quarter) {
        return LocalDate.of(year, (quarter - 1) * 3 + 1, 1);
    }
}
