package dev.closeout.application.infrastructure.metrics;

import dev.closeout.application.infrastructure.deadletter.DeadLetters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code closeout_dead_letters{group}}: events parked in each processing group's dead-letter queue,
 * read when scraped (the queue holds only what is parked, so counting it is cheap). An operator's
 * alert rule fires on any value above 0 (docs/operations.md, "Dead letters").
 */
@Component
class DeadLetterGauges {

    private final DeadLetters deadLetters;
    private final MeterRegistry registry;

    DeadLetterGauges(DeadLetters deadLetters, MeterRegistry registry) {
        this.deadLetters = deadLetters;
        this.registry = registry;
    }

    /** The processors are all registered once the application is ready. */
    @EventListener(ApplicationReadyEvent.class)
    void register() {
        for (String group : deadLetters.groups()) {
            Gauge.builder("closeout.dead.letters", () -> deadLetters.count(group))
                    .description("Events parked in a processing group's dead-letter queue, waiting for retry or eviction")
                    .tag("group", group).register(registry);
        }
    }
}
