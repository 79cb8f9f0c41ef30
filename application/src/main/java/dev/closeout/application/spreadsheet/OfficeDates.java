package dev.closeout.application.spreadsheet;

import dev.closeout.domain.common.InvalidValueException;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A 完成时限 as offices write it: {@code 2026-06-30}, {@code 2026/6/30}, {@code 2026.6.30},
 * {@code 20260630}, {@code 2026年6月30日} (full-width digits too), optionally followed by a time of day
 * (ignored) or by 前/之前/以前 ("by"). Where the words name one day they are read as that day:
 * {@code 2026年6月底}/{@code 2026年6月末} is the month's last day, {@code 2026年底}/{@code 2026年末} 31
 * December. Everything else is refused with a hint, never guessed: {@code 6月底前} names no year
 * (around New Year either could be meant), {@code 2026年6月} no day (its first or its last?), a bare
 * number is most likely a date cell that lost its format.
 */
final class OfficeDates {

    private static final String EXAMPLE = "write a date such as 2026-06-30 or 2026年6月30日";
    private static final Pattern BY = Pattern.compile("(之前|以前|前|止)$");
    private static final Pattern TIME = Pattern.compile("\\s+\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?$");
    private static final Pattern NUMERIC = Pattern.compile("(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})");
    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern WORDS = Pattern.compile("(\\d{4})年(\\d{1,2})月(\\d{1,2})[日号]");
    private static final Pattern MONTH_END = Pattern.compile("(\\d{4})年(\\d{1,2})月(底|末)");
    private static final Pattern YEAR_END = Pattern.compile("(\\d{4})年(底|末)");
    private static final Pattern NO_YEAR = Pattern.compile("\\d{1,2}月.*");
    private static final Pattern NO_DAY = Pattern.compile("\\d{4}年\\d{1,2}月(份)?");
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

    private OfficeDates() {
    }

    /** The day written, {@code null} for a blank cell; an {@link InvalidValueException} naming {@code field}. */
    static LocalDate parse(String written, String field) {
        if (written == null || written.isBlank()) {
            return null;
        }
        String text = TIME.matcher(Normalizer.normalize(written, Normalizer.Form.NFKC).strip()).replaceFirst("");
        text = BY.matcher(text.replaceAll("\\s", "")).replaceFirst("");
        Matcher m;
        if ((m = NUMERIC.matcher(text)).matches() || (m = COMPACT.matcher(text)).matches()
                || (m = WORDS.matcher(text)).matches()) {
            return day(written, field, m.group(1), m.group(2), m.group(3));
        }
        if ((m = MONTH_END.matcher(text)).matches()) {
            try {
                return YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))).atEndOfMonth();
            } catch (DateTimeException e) {
                throw notInCalendar(written, field);
            }
        }
        if ((m = YEAR_END.matcher(text)).matches()) {
            return LocalDate.of(Integer.parseInt(m.group(1)), 12, 31);
        }
        if (NO_YEAR.matcher(text).matches()) {
            throw new InvalidValueException(field, "「" + written + "」 names no year: " + EXAMPLE);
        }
        if (NO_DAY.matcher(text).matches()) {
            throw new InvalidValueException(field, "「" + written + "」 names no day: " + EXAMPLE
                    + " (or 2026年6月底 for the month's last day)");
        }
        if (NUMBER.matcher(text).matches()) {
            throw new InvalidValueException(field, "「" + written + "」 is a number, not a date: format the cell as a"
                    + " date, or " + EXAMPLE);
        }
        throw new InvalidValueException(field, "「" + written + "」 is not a date: " + EXAMPLE);
    }

    private static LocalDate day(String written, String field, String year, String month, String day) {
        try {
            return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
        } catch (DateTimeException e) {
            throw notInCalendar(written, field);
        }
    }

    private static InvalidValueException notInCalendar(String written, String field) {
        return new InvalidValueException(field, "「" + written + "」 is not a day of the calendar");
    }
}
