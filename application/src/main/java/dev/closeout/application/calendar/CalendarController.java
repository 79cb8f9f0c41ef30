package dev.closeout.application.calendar;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.time.WorkingCalendar;
import dev.closeout.domain.time.WorkingCalendar.SpecialDay;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The working-day calendar (工作日历) the deadlines are counted on, for anyone signed in: which days
 * of a year are holidays or 调休 weekends worked, and the two sums a deadline needs. Every answer
 * says whether it rests on a year whose State Council notice the calendar does not hold
 * ({@code provisional}): such a year is counted as plain weeks, and its holidays will move the
 * answer once the notice is added.
 */
@RestController
@RequestMapping("/api/calendar")
public class CalendarController {

    private static final int MAX_SPAN_DAYS = 3_660;
    private static final int FIRST_YEAR = 1949;
    private static final int LAST_YEAR = 2199;

    private final WorkingCalendar calendar;

    public CalendarController(WorkingCalendar calendar) {
        this.calendar = calendar;
    }

    /** One year: whether its notice is held, its listed days, and how many working days it has. */
    public record Year(int year, boolean noticeHeld, int workingDays, List<SpecialDay> days) {
    }

    /** Working days in {@code (from, to]}, negative when {@code to} is before {@code from}. */
    public record Span(LocalDate from, LocalDate to, int workingDays, boolean provisional) {
    }

    /** The {@code days}-th working day after {@code from}. */
    public record Sum(LocalDate from, int days, LocalDate date, boolean provisional) {
    }

    @GetMapping("/{year}")
    Year year(@PathVariable int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new InvalidValueException("year", "must be between " + FIRST_YEAR + " and " + LAST_YEAR);
        }
        LocalDate first = LocalDate.of(year, 1, 1);
        return new Year(year, calendar.knows(year),
                calendar.workingDaysBetween(first.minusDays(1), LocalDate.of(year, 12, 31)),
                calendar.specialDays(year));
    }

    @GetMapping("/working-days")
    Span workingDays(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                     @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        inRange(from, "from");
        inRange(to, "to");
        if (Math.abs(to.toEpochDay() - from.toEpochDay()) > MAX_SPAN_DAYS) {
            throw new InvalidValueException("to", "must be within " + MAX_SPAN_DAYS + " days of from");
        }
        return new Span(from, to, calendar.workingDaysBetween(from, to), provisional(from, to));
    }

    @GetMapping("/add-working-days")
    Sum addWorkingDays(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                       @RequestParam int days) {
        inRange(from, "from");
        if (days < 0 || days > 2_000) {
            throw new InvalidValueException("days", "must be between 0 and 2000");
        }
        LocalDate date = calendar.addWorkingDays(from, days);
        return new Sum(from, days, date, provisional(from, date));
    }

    private static void inRange(LocalDate date, String field) {
        if (date.getYear() < FIRST_YEAR || date.getYear() > LAST_YEAR) {
            throw new InvalidValueException(field, "must be between " + FIRST_YEAR + " and " + LAST_YEAR);
        }
    }

    private boolean provisional(LocalDate from, LocalDate to) {
        return IntStream.rangeClosed(Math.min(from.getYear(), to.getYear()), Math.max(from.getYear(), to.getYear()))
                .anyMatch(year -> !calendar.knows(year));
    }
}
