package dev.closeout.application.web;

import dev.closeout.domain.common.Limits;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

import java.beans.PropertyEditorSupport;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Every date a request names in its parameters, path or form ({@code from}, {@code to}, {@code asOf}, …) is an ISO
 * date within the calendar's range ({@link Limits#EARLIEST_DATE} to {@link Limits#LATEST_DATE}), as every date
 * in a command's body is: {@code to=-999999999-01-01} parses, and the day before it is outside what a
 * {@link LocalDate} holds, which had made a handler's date arithmetic fail with a 500. A date outside is refused
 * with 400 naming the parameter ({@link ProblemHandler}). The editor is Spring's first choice for these parameters, before
 * any {@code @DateTimeFormat} on them: every date a request names is ISO, so those annotations say the same.
 */
@ControllerAdvice
public class DateParameters {

    @InitBinder
    void dates(WebDataBinder binder) {
        binder.registerCustomEditor(LocalDate.class, new CalendarDate());
    }

    /** Why a date parameter was refused: not an ISO date, or outside the calendar's range. */
    public static final class OutsideCalendar extends IllegalArgumentException {

        OutsideCalendar(String message) {
            super(message);
        }
    }

    private static final class CalendarDate extends PropertyEditorSupport {

        @Override
        public void setAsText(String text) {
            if (text == null || text.isBlank()) {
                setValue(null);
                return;
            }
            LocalDate date;
            try {
                date = LocalDate.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("is not a date of the form 2026-06-30", e);
            }
            if (date.isBefore(Limits.EARLIEST_DATE) || date.isAfter(Limits.LATEST_DATE)) {
                throw new OutsideCalendar("must be between " + Limits.EARLIEST_DATE + " and " + Limits.LATEST_DATE);
            }
            setValue(date);
        }

        @Override
        public String getAsText() {
            return getValue() == null ? "" : getValue().toString();
        }
    }
}
