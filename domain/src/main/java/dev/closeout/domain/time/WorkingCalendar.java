package dev.closeout.domain.time;

import dev.closeout.domain.common.InvalidValueException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which days a Chinese government office works. Time limits are counted in working days
 * ("approval within 13 working days"), and the State Council moves them every year: a holiday
 * week is paid for with weekend days worked (调休上班). Weekdays work and weekends rest, except
 * for the days the calendar lists.
 *
 * <p>The shipped calendar ({@link #chinaMainland()}) holds the State Council notices for the years
 * in {@code cn-holidays.txt}. A year the calendar has no notice for is still answered, as plain
 * weekdays and weekends, because refusing would stop every deadline on 1 January; callers that
 * care ask {@link #knows(int)} and warn. Offices add a new year's notice with
 * {@link #with(WorkingCalendar)} and {@link #parse(String)} (a notice for a year already known
 * replaces that year's notice whole), and their own days off or worked with {@link #with(Set, Set)}.
 * Instances are immutable.
 */
public final class WorkingCalendar {

    /** What a listed day is. */
    public enum DayKind {
        /** A day off, whatever day of the week (法定节假日 or a day of its span). */
        HOLIDAY,
        /** A weekend day worked to pay for a holiday (调休上班). */
        WORKDAY
    }

    /** A day the calendar lists, with the name of the holiday it belongs to. */
    public record SpecialDay(LocalDate date, DayKind kind, String name) {
    }

    private static final String SHIPPED = "cn-holidays.txt";

    private final NavigableMap<LocalDate, SpecialDay> days;
    /**
     * The year of the notice each listed day comes from (a 2023 notice may list 31 December 2022); an
     * office's own days come from none and are not in it.
     */
    private final Map<LocalDate, Integer> noticeOf;
    private final SortedSet<Integer> years;

    private WorkingCalendar(Map<LocalDate, SpecialDay> days, Map<LocalDate, Integer> noticeOf, Set<Integer> years) {
        this.days = Collections.unmodifiableNavigableMap(new TreeMap<>(days));
        this.noticeOf = Map.copyOf(noticeOf);
        this.years = Collections.unmodifiableSortedSet(new TreeSet<>(years));
    }

    /** The calendar shipped with the domain: Mainland China, the years in {@code cn-holidays.txt}. */
    public static WorkingCalendar chinaMainland() {
        return Shipped.CALENDAR;
    }

    /** Loaded on first use, so a caller that only parses its own text never reads the resource. */
    private static final class Shipped {
        static final WorkingCalendar CALENDAR = load();

        private static WorkingCalendar load() {
            try (InputStream in = WorkingCalendar.class.getResourceAsStream(SHIPPED)) {
                if (in == null) {
                    throw new IllegalStateException("The holiday calendar " + SHIPPED + " is missing from the classpath");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the holiday calendar " + SHIPPED, e);
            }
        }
    }

    /**
     * A calendar from text in the format of {@code cn-holidays.txt}: {@code year YYYY} opens one
     * year's notice, then one {@code yyyy-MM-dd HOLIDAY|WORKDAY name} line per date; {@code #}
     * starts a comment. A notice may list dates in the year before its own (a New Year holiday that
     * starts on 31 December).
     *
     * @throws IllegalArgumentException naming the line and what is wrong with it
     */
    public static WorkingCalendar parse(String text) {
        Map<LocalDate, SpecialDay> days = new HashMap<>();
        Map<LocalDate, Integer> noticeOf = new HashMap<>();
        Map<LocalDate, Integer> listedOn = new HashMap<>();
        Set<Integer> years = new HashSet<>();
        Integer year = null;
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = stripComment(lines[i]);
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+", 3);
            if (words[0].equals("year")) {
                year = parseYear(words, number, lines[i]);
                if (!years.add(year)) {
                    throw malformed(number, lines[i], "year " + year + " is opened twice");
                }
                continue;
            }
            if (year == null) {
                throw malformed(number, lines[i], "a date must follow a 'year YYYY' line naming its notice");
            }
            SpecialDay day = parseDay(words, number, lines[i]);
            if (day.date().getYear() != year && day.date().getYear() != year - 1) {
                throw malformed(number, lines[i], day.date() + " is not in " + year + " or the end of the year before");
            }
            Integer earlier = listedOn.putIfAbsent(day.date(), number);
            if (earlier != null) {
                throw malformed(number, lines[i], day.date() + " is already listed on line " + earlier);
            }
            days.put(day.date(), day);
            noticeOf.put(day.date(), year);
        }
        return new WorkingCalendar(days, noticeOf, years);
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return (hash < 0 ? line : line.substring(0, hash)).strip();
    }

    private static int parseYear(String[] words, int number, String line) {
        if (words.length != 2 || !words[1].matches("\\d{4}")) {
            throw malformed(number, line, "expected 'year YYYY'");
        }
        return Integer.parseInt(words[1]);
    }

    private static SpecialDay parseDay(String[] words, int number, String line) {
        if (words.length < 3) {
            throw malformed(number, line, "expected 'yyyy-MM-dd HOLIDAY|WORKDAY name'");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(words[0]);
        } catch (DateTimeParseException e) {
            throw malformed(number, line, "'" + words[0] + "' is not a date (yyyy-MM-dd)");
        }
        DayKind kind;
        try {
            kind = DayKind.valueOf(words[1]);
        } catch (IllegalArgumentException e) {
            throw malformed(number, line, "'" + words[1] + "' is not HOLIDAY or WORKDAY");
        }
        if (kind == DayKind.WORKDAY && !isWeekend(date)) {
            throw malformed(number, line, weekendOnly(date));
        }
        return new SpecialDay(date, kind, words[2].strip());
    }

    private static IllegalArgumentException malformed(int number, String line, String reason) {
        return new IllegalArgumentException("Holiday calendar line " + number + " '" + line.strip() + "': " + reason);
    }

    /** A make-up working day on a weekday would change nothing, so it is a typo for another date. */
    private static String weekendOnly(LocalDate date) {
        return date + " is a " + date.getDayOfWeek() + "; a WORKDAY (调休上班) is a weekend day worked instead";
    }

    /**
     * This calendar with another's years and days added. A notice of {@code more} for a year this
     * calendar knows replaces that year's notice whole: every day the old one listed is dropped
     * first, so a corrected notice (a 调休 weekend moved) leaves none of the days it no longer lists.
     * An office's own days stay, unless {@code more} lists the same date; where both list a date,
     * {@code more} wins.
     */
    public WorkingCalendar with(WorkingCalendar more) {
        Map<LocalDate, SpecialDay> merged = new HashMap<>(days);
        Map<LocalDate, Integer> notices = new HashMap<>(noticeOf);
        noticeOf.forEach((date, year) -> {
            if (more.years.contains(year)) {
                merged.remove(date);
                notices.remove(date);
            }
        });
        merged.putAll(more.days);
        more.days.keySet().forEach(date -> {
            Integer year = more.noticeOf.get(date);
            if (year == null) {
                notices.remove(date);
            } else {
                notices.put(date, year);
            }
        });
        Set<Integer> knownYears = new HashSet<>(years);
        knownYears.addAll(more.years);
        return new WorkingCalendar(merged, notices, knownYears);
    }

    /**
     * This calendar with an office's own days off and weekend days worked, overriding the listed
     * day of the same date. They add no known year: a local day off says nothing of the notice.
     *
     * @throws InvalidValueException when a date is in both sets, or a worked day is not a weekend
     */
    public WorkingCalendar with(Set<LocalDate> extraHolidays, Set<LocalDate> extraWorkdays) {
        Map<LocalDate, SpecialDay> merged = new HashMap<>(days);
        Map<LocalDate, Integer> notices = new HashMap<>(noticeOf);
        for (LocalDate date : extraHolidays) {
            if (extraWorkdays.contains(date)) {
                throw new InvalidValueException("extraWorkdays", "cannot also list " + date + ", a day off");
            }
            merged.put(date, new SpecialDay(date, DayKind.HOLIDAY, "local day off"));
            notices.remove(date);
        }
        for (LocalDate date : extraWorkdays) {
            if (!isWeekend(date)) {
                throw new InvalidValueException("extraWorkdays", "cannot list " + weekendOnly(date));
            }
            merged.put(date, new SpecialDay(date, DayKind.WORKDAY, "local working day"));
            notices.remove(date);
        }
        return new WorkingCalendar(merged, notices, years);
    }

    /** The years whose State Council notice this calendar holds, in order. */
    public SortedSet<Integer> knownYears() {
        return years;
    }

    /** Whether this calendar holds the notice for {@code year}; otherwise it guesses plain weeks. */
    public boolean knows(int year) {
        return years.contains(year);
    }

    /**
     * Every fact that decides a working day, in a fixed order (known years, then each listed date
     * and its kind; holiday names left out): two calendars that count alike describe alike.
     */
    public String describe() {
        StringBuilder text = new StringBuilder("years ").append(years);
        days.values().forEach(day -> text.append('\n').append(day.date()).append(' ').append(day.kind()));
        return text.toString();
    }

    /** The listed holiday or make-up working day on {@code date}, if any, e.g. to show why. */
    public Optional<SpecialDay> specialDay(LocalDate date) {
        return Optional.ofNullable(days.get(date));
    }

    /** The listed days of {@code year} (its holidays and 调休 weekends worked, local ones too), by date. */
    public List<SpecialDay> specialDays(int year) {
        return List.copyOf(days.subMap(LocalDate.of(year, 1, 1), true, LocalDate.of(year, 12, 31), true).values());
    }

    /** Listed days decide; otherwise Monday to Friday work and weekends rest. */
    public boolean isWorkingDay(LocalDate date) {
        SpecialDay listed = days.get(date);
        if (listed != null) {
            return listed.kind() == DayKind.WORKDAY;
        }
        return !isWeekend(date);
    }

    /**
     * The {@code n}-th working day after {@code date}: "within 3 working days" of a Friday before
     * a holiday is counted over the make-up Sunday and past the holiday. The start day itself
     * never counts, as when a limit runs from the day a matter is received.
     * {@code n = 0} answers the first working day from {@code date} on: {@code date} itself when
     * it is a working day, else the next one, so a date "due today" never lands on a day off.
     *
     * @throws IllegalArgumentException when {@code n} is negative
     */
    public LocalDate addWorkingDays(LocalDate date, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, was " + n);
        }
        LocalDate day = date;
        if (n == 0) {
            while (!isWorkingDay(day)) {
                day = day.plusDays(1);
            }
            return day;
        }
        int counted = 0;
        while (counted < n) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                counted++;
            }
        }
        return day;
    }

    /**
     * The working days in {@code (from, to]}: {@code from} excluded, {@code to} included, so it is
     * 0 for the same day, {@code n} for {@code addWorkingDays(from, n)}, and 1 for a Monday after
     * a Friday deadline (one working day overdue). Negative, with the same count, when
     * {@code to} is before {@code from}, so "days left" and "days overdue" are one function.
     */
    public int workingDaysBetween(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            return -workingDaysBetween(to, from);
        }
        long count = weekdaysBefore(to.toEpochDay() + 1) - weekdaysBefore(from.toEpochDay() + 1);
        for (SpecialDay listed : days.subMap(from, false, to, true).values()) {
            boolean weekend = isWeekend(listed.date());
            if (listed.kind() == DayKind.HOLIDAY && !weekend) {
                count--;
            } else if (listed.kind() == DayKind.WORKDAY && weekend) {
                count++;
            }
        }
        // Only dates beyond any calendar (a stored date from before input was bounded) come near this.
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, count));
    }

    /**
     * Monday to Friday among the days before {@code epochDay}, counted from an arbitrary Monday, so
     * that the difference of two answers counts the weekdays between them in constant time, however
     * far apart. 1970-01-01, epoch day 0, was a Thursday: day 3 of a week starting on Monday.
     */
    private static long weekdaysBefore(long epochDay) {
        long sinceMonday = epochDay + 3;
        return 5 * Math.floorDiv(sinceMonday, 7) + Math.min(Math.floorMod(sinceMonday, 7), 5);
    }

    private static boolean isWeekend(LocalDate date) {
        DayOfWeek day = date.getDayOfWeek();
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    }
}
