package dev.closeout.application.infrastructure.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.TestClock;
import dev.closeout.projections.alert.AlertFeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A supervisor retries a parked delivery in the instant between the dispatcher parking it and taking
 * it off the subscription's pending list: the retry must not be lost (left pending but never tried).
 */
class WebhookRetryRaceTest extends IntegrationTest {

    @Autowired
    private ApplicationContext context;

    private DispatcherHarness harness;
    private Subscription subscription;

    @AfterEach
    void removeSubscription() {
        if (subscription != null) {
            harness.remove(subscription, Instant.now());
        }
    }

    /** Plays the supervisor's retry (record back to pending, then listed as due) right after each park. */
    private static final class RetriedRightAfterParking extends DeliveryStore {
        private final SubscriptionStore subscriptions;
        private final TestClock clock;

        RetriedRightAfterParking(MongoDatabase database, SubscriptionStore subscriptions, TestClock clock) {
            super(database);
            this.subscriptions = subscriptions;
            this.clock = clock;
        }

        @Override
        boolean parked(Delivery d, int attempts, Instant firstAttemptAt, Instant at, String error) {
            boolean parked = super.parked(d, attempts, firstAttemptAt, at, error);
            Delivery stored = find(d.id()).orElseThrow();
            assertThat(retry(stored, clock.instant())).isTrue();
            subscriptions.schedule(d.subscriptionId(), d.sequence(), clock.instant());
            return parked;
        }
    }

    @Test
    void a_retry_landing_between_park_and_settle_stays_due() {
        harness = new DispatcherHarness(context);
        TestClock clock = DispatcherHarness.clock();
        subscription = harness.subscription(clock.instant(), 1);
        String alertId = "alert-" + subscription.id();
        Delivery delivery = harness.pending(subscription, 1, alertId, clock.instant());
        SubscriptionStore subscriptions = context.getBean(SubscriptionStore.class);
        WebhookDispatcher dispatcher = new WebhookDispatcher(subscriptions,
                new RetriedRightAfterParking(database, subscriptions, clock), context.getBean(AlertFeed.class),
                new AlertCloudEvents(context.getBean(ObjectMapper.class)),
                new DispatcherHarness.ScriptedTransport(Map.of(alertId, WebhookTransport.Result.failed("HTTP 503"))),
                DispatcherHarness.properties(Duration.ZERO, Duration.ofHours(1), Duration.ofDays(30)), clock);

        dispatcher.run(subscription.id());

        assertThat(harness.find(delivery).status()).isEqualTo(Delivery.Status.PENDING);
        assertThat(harness.find(subscription).pending()).as("the retried delivery is still due")
                .containsKey(delivery.sequence());
    }

    /**
     * A retry put the delivery back to pending and then failed (or the process stopped) before listing it as due: it
     * waited for nothing, and retrying again was refused as not parked. Retrying it now lists it.
     */
    @Test
    void a_delivery_put_back_to_pending_but_never_listed_is_listed_by_retrying_it() {
        harness = new DispatcherHarness(context);
        subscription = harness.subscription(Instant.now(), 1);
        Delivery delivery = harness.pending(subscription, 1, "alert-" + subscription.id(), Instant.now());
        SubscriptionStore subscriptions = context.getBean(SubscriptionStore.class);
        assertThat(subscriptions.settle(subscription.id(), "test-harness", delivery.sequence())).isTrue();
        assertThat(harness.find(subscription).pending()).doesNotContainKey(delivery.sequence());

        ApiClient.Response retried = supervisor.post("/api/webhooks/" + subscription.id() + "/deliveries/"
                + delivery.id() + "/retry");

        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(harness.find(subscription).pending()).containsKey(delivery.sequence());
        assertThat(supervisor.post("/api/webhooks/" + subscription.id() + "/deliveries/" + delivery.id() + "/retry")
                .status()).as("listed now: not parked, not stranded").isEqualTo(409);
    }
}
