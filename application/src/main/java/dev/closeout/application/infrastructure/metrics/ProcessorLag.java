package dev.closeout.application.infrastructure.metrics;

import dev.closeout.application.infrastructure.axon.ProcessorProgress;
import dev.closeout.application.infrastructure.eventstore.MongoEventStorageEngine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far each tracking processor is behind the head of the event store, as gauges
 * {@code closeout_processor_lag_events} (global indexes between the processor's token and the head;
 * an append that failed leaves an index that holds no event, so this may count a few too many while
 * behind, and is 0 once caught up) and {@code closeout_processor_lag_seconds} (the age, by the
 * application's clock, of the oldest event it has not taken in). Read when scraped, by exact key and
 * one indexed range read per processor, and kept for a second so the two gauges share one reading.
 * A processor whose segments another instance owns is judged from the tokens that instance stored.
 */
@Component
class ProcessorLag {

    private static final long KEEP_NANOS = Duration.ofSeconds(1).toNanos();

    record Lag(long events, double seconds, long readAt) {
    }

    private final ProcessorProgress progress;
    private final EventStorageEngine storage;
    private final EventProcessingConfiguration processing;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Lag> lastRead = new ConcurrentHashMap<>();

    ProcessorLag(ProcessorProgress progress, EventStorageEngine storage, EventProcessingConfiguration processing,
                 MeterRegistry registry, Clock clock) {
        this.progress = progress;
        this.storage = storage;
        this.processing = processing;
        this.registry = registry;
        this.clock = clock;
    }

    /** The processors are all registered once the application is ready. */
    @EventListener(ApplicationReadyEvent.class)
    void register() {
        processing.eventProcessors().forEach((group, processor) -> {
            if (processor instanceof TrackingEventProcessor) {
                Gauge.builder("closeout.processor.lag.events", () -> of(group).events())
                        .description("Global indexes between a tracking processor's token and the head of the event store")
                        .tag("group", group).register(registry);
                Gauge.builder("closeout.processor.lag.seconds", () -> of(group).seconds())
                        .description("Age of the oldest stored event a tracking processor has not taken in")
                        .tag("group", group).baseUnit("seconds").register(registry);
            }
        });
    }

    Lag of(String group) {
        long now = System.nanoTime();
        return lastRead.compute(group, (g, last) -> last != null && now - last.readAt() < KEEP_NANOS ? last : read(g, now));
    }

    private Lag read(String group, long now) {
        TrackingToken head = progress.head();
        OptionalLong at = progress.position(group);
        OptionalLong headAt = head == null ? OptionalLong.empty() : head.position();
        if (headAt.isEmpty() || progress.covers(group, head)) {
            return new Lag(0, 0, now);
        }
        long position = at.orElse(-1);
        double seconds = storage instanceof MongoEventStorageEngine events
                ? events.timestampAfter(position)
                        .map(oldest -> Math.max(0, Duration.between(oldest, Instant.now(clock)).toMillis() / 1000.0))
                        .orElse(0.0)
                : 0;
        return new Lag(Math.max(0, headAt.getAsLong() - position), seconds, now);
    }
}
