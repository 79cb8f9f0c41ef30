package dev.closeout.application.infrastructure.metrics;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code eventStore} in the health endpoint and the readiness group: up when the event store answers
 * a read of its head (by key, on MongoDB or the embedded store), with the head's global index.
 */
@Component
class EventStoreHealthIndicator extends AbstractHealthIndicator {

    private final EventStore eventStore;

    EventStoreHealthIndicator(EventStore eventStore) {
        super("The event store did not answer");
        this.eventStore = eventStore;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        TrackingToken head = eventStore.createHeadToken();
        builder.up().withDetail("head", head == null ? -1 : head.position().orElse(-1));
    }
}
