package dev.closeout.application.infrastructure.webhook;

import com.mongodb.client.model.Filters;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscription deleted while a dispatcher run is mid-attempt: whatever that run writes after the
 * deletion removed the subscription's records must not stay behind, since nothing would ever find it.
 */
class WebhookDeletionTest extends HarnessTest {

    private void deleteWhileAttempting(WebhookTransport.Result result) throws Exception {
        subscription = harness.subscription(clock.instant(), 2);
        harness.pending(subscription, 1, "alert-" + subscription.id(), clock.instant());
        DispatcherHarness.HeldTransport held = new DispatcherHarness.HeldTransport(result);
        WebhookDispatcher dispatcher = harness.dispatcher(held,
                DispatcherHarness.properties(Duration.ofHours(24), Duration.ofHours(1), Duration.ofDays(30)), clock);
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> dispatcher.run(subscription.id()));
        assertThat(held.sending.await(10, TimeUnit.SECONDS)).as("mid-attempt").isTrue();

        assertThat(alerts.delete("/api/webhooks/" + subscription.id()).status()).isEqualTo(204);
        held.answer.countDown();
        run.get(10, TimeUnit.SECONDS);
    }

    private long deliveriesLeft() {
        return database.getCollection(DeliveryStore.COLLECTION).countDocuments(Filters.eq("subscriptionId", subscription.id()));
    }

    private long dayListsLeft() {
        return database.getCollection(DeliveryStore.DELIVERED_DAYS)
                .countDocuments(Filters.regex("_id", "^" + Pattern.quote(subscription.id() + ":")));
    }

    @Test
    void an_attempt_that_succeeds_after_the_deletion_leaves_no_day_list_behind() throws Exception {
        deleteWhileAttempting(WebhookTransport.Result.ok());

        assertThat(context.getBean(SubscriptionStore.class).find(subscription.id())).isEmpty();
        assertThat(deliveriesLeft()).isZero();
        assertThat(dayListsLeft()).isZero();
    }

    @Test
    void an_attempt_that_fails_after_the_deletion_leaves_no_delivery_behind() throws Exception {
        deleteWhileAttempting(WebhookTransport.Result.failed("HTTP 503"));

        assertThat(deliveriesLeft()).isZero();
        assertThat(dayListsLeft()).isZero();
    }
}
