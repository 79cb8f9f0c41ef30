package dev.closeout.application.infrastructure.webhook;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instance A's lease runs out while its endpoint is slow; instance B takes the subscription over and
 * delivers the alert; then A's attempt ends in a failure. A's late result must change neither the
 * delivery B recorded nor the subscription B now owns.
 */
class WebhookLeaseTakeoverTest extends IntegrationTest {

    private static final Duration LEASE = Duration.ofHours(1);

    @Autowired
    private ApplicationContext context;

    private DispatcherHarness harness;
    private Subscription subscription;
    private final ListAppender<ILoggingEvent> dispatcherLog = new ListAppender<>();
    private final Logger dispatcherLogger = (Logger) LoggerFactory.getLogger(WebhookDispatcher.class);

    @BeforeEach
    void listen() {
        harness = new DispatcherHarness(context);
        dispatcherLog.start();
        dispatcherLogger.addAppender(dispatcherLog);
    }

    @AfterEach
    void removeSubscription() {
        dispatcherLogger.detachAppender(dispatcherLog);
        if (subscription != null) {
            harness.remove(subscription, Instant.now());
        }
    }

    /** Runs A until it is mid-attempt, lets B (whose clock is past A's lease) run whole, then lets A's attempt fail. */
    private Delivery takeOverWhileTheFirstInstanceAttempts(Duration giveUpAfter) throws Exception {
        WebhookProperties properties = DispatcherHarness.properties(giveUpAfter, LEASE, Duration.ofDays(30));
        TestClock clockA = DispatcherHarness.clock();
        TestClock clockB = DispatcherHarness.clock();
        clockB.advance(LEASE.multipliedBy(2));
        subscription = harness.subscription(clockA.instant(), 1);
        Delivery delivery = harness.pending(subscription, 1, "alert-" + subscription.id(), clockA.instant());

        DispatcherHarness.HeldTransport slow = new DispatcherHarness.HeldTransport(WebhookTransport.Result.failed("HTTP 503"));
        WebhookDispatcher a = harness.dispatcher(slow, properties, clockA);
        WebhookDispatcher b = harness.dispatcher(new DispatcherHarness.ScriptedTransport(Map.of()), properties, clockB);
        CompletableFuture<Void> runOfA = CompletableFuture.runAsync(() -> a.run(subscription.id()));
        assertThat(slow.sending.await(60, TimeUnit.SECONDS)).as("A is attempting").isTrue();

        b.run(subscription.id());
        assertThat(harness.find(delivery).status()).as("B delivered").isEqualTo(Delivery.Status.DELIVERED);

        slow.answer.countDown();
        runOfA.get(60, TimeUnit.SECONDS);
        return harness.find(delivery);
    }

    private long refusalsLogged() {
        return dispatcherLog.list.stream().filter(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().contains(subscription.id()) && e.getFormattedMessage().contains("not recorded"))
                .count();
    }

    @Test
    void a_late_failure_past_the_horizon_does_not_park_an_alert_another_instance_delivered() throws Exception {
        Delivery after = takeOverWhileTheFirstInstanceAttempts(Duration.ZERO);

        assertThat(after.status()).isEqualTo(Delivery.Status.DELIVERED);
        assertThat(after.attempts()).isEqualTo(1);
        assertThat(after.lastError()).isNull();
        assertThat(harness.find(subscription).pending()).isEmpty();
        assertThat(refusalsLogged()).isEqualTo(1);
    }

    @Test
    void a_late_failure_within_the_horizon_neither_overwrites_the_delivery_nor_schedules_it_again() throws Exception {
        Delivery after = takeOverWhileTheFirstInstanceAttempts(Duration.ofHours(24));

        assertThat(after.status()).isEqualTo(Delivery.Status.DELIVERED);
        assertThat(after.attempts()).isEqualTo(1);
        assertThat(after.lastError()).isNull();
        assertThat(after.nextAttemptAt()).isNull();
        assertThat(harness.find(subscription).pending()).as("nothing to send again").isEmpty();
        assertThat(refusalsLogged()).isEqualTo(1);
    }
}
