package dev.closeout.application.infrastructure.metrics;

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
 * of this instance has a segment in error (a handler that keeps failing on an event: the processor
 * retries it and holds its read model where it is), naming the group and the error.
 */
@Component
class ProcessorsHealthIndicator extends AbstractHealthIndicator {

    private final EventProcessingConfiguration processing;

    ProcessorsHealthIndicator(EventProcessingConfiguration processing) {
        super("Tracking processors could not be inspected");
        this.processing = processing;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> processors = new TreeMap<>();
        boolean inError = false;
        for (var entry : processing.eventProcessors().entrySet()) {
            if (entry.getValue() instanceof TrackingEventProcessor tracking) {
                Map<String, Object> state = new LinkedHashMap<>();
                state.put("running", tracking.isRunning());
                String error = tracking.processingStatus().values().stream().filter(EventTrackerStatus::isErrorState)
                        .map(EventTrackerStatus::getError).filter(Objects::nonNull)
                        .map(e -> e.getClass().getSimpleName() + ": " + e.getMessage()).findFirst().orElse(null);
                if (error != null || tracking.isError()) {
                    inError = true;
                    state.put("error", error == null ? "in error, retrying" : error);
                }
                processors.put(entry.getKey(), state);
            }
        }
        (inError ? builder.down() : builder.up()).withDetails(processors);
    }
}
