package dev.closeout.application.infrastructure.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Where the recorded result of each delivery attempt is told: {@code delivered}, {@code failed} (to be
 * tried again after its back-off) or {@code parked} (given up on), per subscription.
 */
interface DeliveryOutcomes {

    DeliveryOutcomes NONE = (subscriptionId, status) -> {
    };

    void recorded(String subscriptionId, String status);

    /** As {@code closeout_webhook_deliveries_total} by {@code subscription} (its id) and {@code status}. */
    static DeliveryOutcomes counted(MeterRegistry registry) {
        return (subscriptionId, status) -> Counter.builder("closeout.webhook.deliveries")
                .description("Webhook delivery attempts, by subscription and what came of them")
                .tags("subscription", subscriptionId, "status", status)
                .register(registry).increment();
    }
}
