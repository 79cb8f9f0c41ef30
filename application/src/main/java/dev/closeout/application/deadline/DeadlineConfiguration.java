package dev.closeout.application.deadline;

import dev.closeout.application.infrastructure.axon.EscalationProperties;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.domain.time.EscalationSchedule;
import dev.closeout.domain.time.WorkingCalendar;
import dev.closeout.projections.support.OfficeZone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The time policies as the office configured them, the due-date index they file items by, and
 * the sweep that reads it. The aggregates take {@link DeadlinePolicy} and the ladder as handler
 * parameters (see {@code AxonConfiguration}), the read side asks the same policy for colours.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class DeadlineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DeadlineConfiguration.class);

    @Bean
    WorkingCalendar workingCalendar(CalendarProperties properties, OfficeZone zone, Clock clock) {
        WorkingCalendar calendar = WorkingCalendar.chinaMainland();
        for (Resource file : properties.yearFiles()) {
            calendar = calendar.with(WorkingCalendar.parse(read(file)));
        }
        calendar = calendar.with(new HashSet<>(properties.extraHolidays()), new HashSet<>(properties.extraWorkdays()));
        warnOfUnknownYears(calendar, zone.today(clock));
        return calendar;
    }

    /**
     * A year without its notice is counted as plain weeks, so holiday weeks count as working days and
     * 调休 weekends do not: deadlines in it are off by days. The notice for next year comes out in
     * late autumn; say so while there is time to add it.
     */
    private static void warnOfUnknownYears(WorkingCalendar calendar, LocalDate today) {
        List<Integer> unknown = IntStream.of(today.getYear(), today.getYear() + 1)
                .filter(year -> !calendar.knows(year)).boxed().toList();
        if (!unknown.isEmpty()) {
            log.warn("The working-day calendar has no State Council holiday notice for {} (it knows {}): "
                    + "deadlines in those years count plain Monday-to-Friday weeks. Add the notice with "
                    + "closeout.calendar.year-files.", unknown, calendar.knownYears());
        }
    }

    private static String read(Resource file) {
        try {
            return file.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the calendar year file " + file, e);
        }
    }

    @Bean
    EscalationSchedule escalationSchedule(EscalationProperties properties) {
        return properties.schedule();
    }

    @Bean
    DeadlinePolicy deadlinePolicy(WorkingCalendar calendar, ColourProperties colours, EscalationSchedule schedule,
                                  OfficeZone zone,
                                  @Value("${closeout.complaint.accept-within-working-days:1}") int acceptWithin) {
        return new DeadlinePolicy(calendar, colours.defaults(), colours.perLedger(), schedule, acceptWithin,
                zone.zone());
    }
}
