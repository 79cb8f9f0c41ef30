package dev.closeout.application.deadline;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

import java.time.LocalDate;
import java.util.List;

/**
 * The office's working-day calendar on top of the shipped State Council notices:
 * {@code closeout.calendar.extra-holidays} and {@code extra-workdays} (dates, the office's own days
 * off and weekend days worked) and {@code year-files} (resources in the format of the shipped
 * {@code cn-holidays.txt}, e.g. the next year's notice once published, or a corrected notice, which replaces
 * the year's notice whole).
 */
@ConfigurationProperties("closeout.calendar")
public record CalendarProperties(List<LocalDate> extraHolidays, List<LocalDate> extraWorkdays,
                                 List<Resource> yearFiles) {

    public CalendarProperties {
        extraHolidays = extraHolidays == null ? List.of() : List.copyOf(extraHolidays);
        extraWorkdays = extraWorkdays == null ? List.of() : List.copyOf(extraWorkdays);
        yearFiles = yearFiles == null ? List.of() : List.copyOf(yearFiles);
    }
}
