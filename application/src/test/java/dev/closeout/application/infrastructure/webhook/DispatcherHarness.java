package dev.closeout.application.infrastructure.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.closeout.application.support.TestClock;
import dev.closeout.projections.alert.AlertFeed;
import org.springframework.context.ApplicationContext;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Plays further application instances against the shared test database: dispatchers that are not
 * started (a test runs them one subscription run at a time), with a transport, settings and clock
 * of the test's choosing, on a subscription whose deliveries the test writes itself. Its filter
 * matches no alert, and it is created leased for {@link #HELD}, so the application's own dispatcher
 * leaves it alone; the harness's dispatchers run on {@link #clock() clocks} past that lease.
 */
final class DispatcherHarness {

    private static final Duration HELD = Duration.ofHours(1);

    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final AlertFeed feed;
    private final ObjectMapper json;

    /** On the stores, feed and JSON mapper of the shared application context. */
    DispatcherHarness(ApplicationContext context) {
        this.subscriptions = context.getBean(SubscriptionStore.class);
        this.deliveries = context.getBean(DeliveryStore.class);
        this.feed = context.getBean(AlertFeed.class);
        this.json = context.getBean(ObjectMapper.class);
    }

    static WebhookProperties properties(Duration giveUpAfter, Duration lease, Duration deliveredRetention) {
        return new WebhookProperties(Duration.ofMillis(100), Duration.ofMillis(400), giveUpAfter, null, null, null,
                lease, null, true, null, deliveredRetention, null);
    }

    /** A clock for a dispatcher of the harness: the system clock moved past the lease the subscription is created with. */
    static TestClock clock() {
        TestClock clock = TestClock.fromSystemTime();
        clock.advance(HELD.plusMinutes(1));
        return clock;
    }

    WebhookDispatcher dispatcher(WebhookTransport transport, WebhookProperties properties, Clock clock) {
        return dispatcher(transport, properties, clock, deliveries);
    }

    /** A dispatcher writing deliveries through a store of the test's own, e.g. with small chunks. */
    WebhookDispatcher dispatcher(WebhookTransport transport, WebhookProperties properties, Clock clock,
                                 DeliveryStore deliveries) {
        return new WebhookDispatcher(subscriptions, deliveries, feed, new AlertCloudEvents(json), transport,
                properties, clock);
    }

    /** A subscription of the {@code alerts} user, created at {@code createdAt}, with nothing pending yet. */
    Subscription subscription(Instant createdAt, int positions) {
        long head = feed.head();
        Subscription s = new Subscription(UUID.randomUUID().toString(), URI.create("http://127.0.0.1:9/hook"),
                WebhookSecret.generate(), Set.of(), Set.of("NO-SUCH-DEPARTMENT"), "alerts", createdAt, head,
                head + positions, Map.of(), "test-harness", Instant.now().plus(HELD), null);
        subscriptions.create(s, Integer.MAX_VALUE);
        return s;
    }

    /** A pending delivery of an alert, as the dispatcher writes it on reading the feed, due at {@code due}. */
    Delivery pending(Subscription s, int position, String alertId, Instant due) {
        long sequence = s.startSequence() + position;
        Delivery d = new Delivery(s.deliveryId(sequence), s.id(), sequence, alertId, "{\"id\":\"" + alertId + "\"}",
                Delivery.Status.PENDING, 0, null, null, null, null, null, 0L);
        deliveries.createAll(List.of(d));
        subscriptions.schedule(s.id(), sequence, due);
        return d;
    }

    Delivery find(Delivery d) {
        return deliveries.find(d.id()).orElseThrow();
    }

    boolean exists(Delivery d) {
        return deliveries.find(d.id()).isPresent();
    }

    Subscription find(Subscription s) {
        return subscriptions.find(s.id()).orElseThrow();
    }

    /** Removes the subscription and everything it wrote, up to the day of {@code now}. */
    void remove(Subscription s, Instant now) {
        Subscription removed = subscriptions.remove(s.id()).orElse(s);
        deliveries.deleteAll(removed, Math.max(removed.cursor(), feed.head()), now);
    }

    /** Answers each alert as the test says, and records the alerts it was sent. */
    static final class ScriptedTransport implements WebhookTransport {
        private final Map<String, Result> answers;
        final List<String> sent = new ArrayList<>();

        ScriptedTransport(Map<String, Result> answers) {
            this.answers = answers;
        }

        @Override
        public synchronized Result send(URI url, Map<String, String> headers, byte[] body) {
            String alertId = headers.get("webhook-id");
            sent.add(alertId);
            return answers.getOrDefault(alertId, Result.ok());
        }
    }

    /** Holds each attempt until the test lets the endpoint answer with {@code result}. */
    static final class HeldTransport implements WebhookTransport {
        final CountDownLatch sending = new CountDownLatch(1);
        final CountDownLatch answer = new CountDownLatch(1);
        private final Result result;

        HeldTransport(Result result) {
            this.result = result;
        }

        @Override
        public Result send(URI url, Map<String, String> headers, byte[] body) {
            sending.countDown();
            try {
                answer.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return result;
        }
    }
}
