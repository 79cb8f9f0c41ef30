package dev.closeout.application.support;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tracking event handler of its own processing group that counts how often each event is
 * delivered, so tests can prove the event store hands every event to a processor exactly once.
 */
@TestConfiguration(proxyBeanMethods = false)
public class DeliveryAudit {

    @Bean
    Deliveries deliveries() {
        return new Deliveries();
    }

    @ProcessingGroup("delivery-audit")
    public static class Deliveries {
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        @EventHandler
        void on(Object payload, EventMessage<?> event) {
            counts.computeIfAbsent(event.getIdentifier(), id -> new AtomicInteger()).incrementAndGet();
        }

        /** A rebuild replays everything on purpose; counting starts again. */
        @ResetHandler
        void reset() {
            counts.clear();
        }

        public int timesDelivered(String eventIdentifier) {
            AtomicInteger count = counts.get(eventIdentifier);
            return count == null ? 0 : count.get();
        }

        public long deliveredMoreThanOnce() {
            return counts.values().stream().filter(c -> c.get() > 1).count();
        }
    }
}
