package dev.closeout.application.infrastructure.webhook;

import dev.closeout.projections.alert.Alert;
import dev.closeout.projections.alert.AlertFilter;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * A webhook subscription as stored: where to deliver, how to sign, which alerts, and its delivery
 * state. {@code cursor} is the last alert sequence it has turned into deliveries; {@code pending}
 * maps the alert sequence of each delivery still to be made to the time it is due, so finding due
 * deliveries reads this one document instead of querying deliveries by time.
 *
 * @param startSequence the feed's head when the subscription was created: it receives alerts raised after
 * @param leaseOwner    the application instance delivering for it now, {@code null} when none
 * @param prunedThrough the last day (UTC) whose delivered records were pruned, {@code null} before the first prune
 */
record Subscription(String id, URI url, WebhookSecret secret, Set<Alert.AlertType> types, Set<String> departments,
                    String owner, Instant createdAt, long startSequence, long cursor, Map<Long, Instant> pending,
                    String leaseOwner, Instant leaseUntil, LocalDate prunedThrough) {

    AlertFilter filter() {
        return new AlertFilter(types, departments, Set.of());
    }

    String deliveryId(long sequence) {
        return id + ":" + sequence;
    }
}
