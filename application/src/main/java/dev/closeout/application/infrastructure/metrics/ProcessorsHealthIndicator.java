package dev.closeout.application.infrastructure.metrics;

import dev.closeout.application.infrastructure.deadletter.DeadLetters;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code processors} in the health endpoint and the readiness group: down while any tracking processor
 * of this instance has a segment in error (the store underneath failing: the processor retries the
 * event and holds its read model where it is), naming the group and the error, and while any group
 * has a dead letter parked (an event its handler failed on: that item's read model stops there until
 * an operator retries or evicts it), with the count. See docs/decisions/0013-dead-letters.md.
 */
@Component
class ProcessorsHealthIndicator extends AbstractHealthIndicator {

    private final EventProcessingConfiguration processing;
    private final DeadLetters deadLetters;

    ProcessorsHealthIndicator(EventProcessingConfiguration processing, DeadLetters deadLetters) {
        super("Tracking processors could not be inspected");
        this.processing = processing;
        this.deadLetters = deadLetters;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> processors = new TreeMap<>();
        boolean notReady = false;
        for (var entry : processing.eventProcessors().entrySet()) {
            if (entry.getValue() instanceof TrackingEventProcessor tracking) {
                Map<String, Object> state = new LinkedHashMap<>();
                state.put("running", tracking.isRunning());
                String error = tracking.processingStatus().values().stream().filter(EventTrackerStatus::isErrorState)
                        .map(EventTrackerStatus::getError).filter(Objects::nonNull)
                        .map(e -> e.getClass().getSimpleName() + ": " + e.getMessage()).findFirst().orElse(null);
                if (error != null || tracking.isError()) {
                    notReady = true;
                    state.put("error", error == null ? "in error, retrying" : error);
                }
                long parked = deadLetters.count(entry.getKey());
                if (parked > 0) {
                    notReady = true;
                    state.put("deadLetters", parked);
                }
                processors.put(entry.getKey(), state);
            }
        }
        (notReady ? builder.down() : builder.up()).withDetails(processors);
    }
}
