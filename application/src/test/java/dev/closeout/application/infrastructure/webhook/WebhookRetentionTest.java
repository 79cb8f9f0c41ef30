package dev.closeout.application.infrastructure.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Delivered records are pruned once older than the retention; recent delivered and all parked ones stay. */
class WebhookRetentionTest extends HarnessTest {

    private static final Duration RETENTION = Duration.ofDays(30);

    private Map<String, JsonNode> listed() {
        ApiClient.Response page = alerts.get("/api/webhooks/" + subscription.id() + "/deliveries?limit=500");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        page.json().get("deliveries").forEach(d -> byId.put(d.get("id").asText(), d));
        return byId;
    }

    @Test
    void delivered_records_older_than_the_retention_are_pruned_and_recent_delivered_and_parked_ones_stay()
            throws Exception {
        Instant firstDay = clock.instant();
        subscription = harness.subscription(firstDay, 3);
        Delivery old = harness.pending(subscription, 1, "old-" + subscription.id(), clock.instant());
        Delivery parked = harness.pending(subscription, 2, "parked-" + subscription.id(), clock.instant());
        WebhookDispatcher dispatcher = harness.dispatcher(new DispatcherHarness.ScriptedTransport(
                        Map.of(parked.alertId(), WebhookTransport.Result.failed("HTTP 500"))),
                DispatcherHarness.properties(Duration.ZERO, Duration.ofHours(1), RETENTION), clock);
        dispatcher.run(subscription.id());
        assertThat(harness.find(old).status()).isEqualTo(Delivery.Status.DELIVERED);
        assertThat(harness.find(parked).status()).isEqualTo(Delivery.Status.PARKED);

        clock.advance(RETENTION.minusDays(1));
        Delivery recent = harness.pending(subscription, 3, "recent-" + subscription.id(), clock.instant());
        dispatcher.run(subscription.id());
        assertThat(harness.find(recent).status()).isEqualTo(Delivery.Status.DELIVERED);
        Map<String, JsonNode> before = listed();
        assertThat(before).containsOnlyKeys(old.id(), parked.id(), recent.id());

        // A day past the retention of the first ones (and a day more, as pruning goes by whole days).
        clock.advance(Duration.ofDays(3));
        dispatcher.run(subscription.id());

        assertThat(harness.exists(old)).as("delivered more than 30 days ago").isFalse();
        assertThat(listed()).as("the kept ones, listed as before").isEqualTo(Map.of(
                parked.id(), before.get(parked.id()), recent.id(), before.get(recent.id())));
        assertThat(database.getCollection(DeliveryStore.DELIVERED_DAYS)
                .find(new Document("_id", subscription.id() + ":" + DeliveryStore.day(firstDay))).first())
                .as("the day's list goes with it").isNull();
        assertThat(harness.find(subscription).prunedThrough()).isNotNull();
    }
}
