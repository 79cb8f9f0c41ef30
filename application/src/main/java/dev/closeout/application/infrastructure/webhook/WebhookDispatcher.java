package dev.closeout.application.infrastructure.webhook;

import dev.closeout.projections.alert.AlertFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers alerts to webhook subscriptions. It reads the alert feed like any consumer, from each
 * subscription's own cursor, so command handling and the alert projection never wait for it.
 * <p>
 * A single ticker looks at every subscription each poll interval and hands each one, at most once
 * at a time, to a delivery pool that grows with the number of subscriptions: a subscription whose
 * endpoint hangs holds only its own thread, for at most the request timeout per attempt, and never
 * delays another subscription. What one run does is {@link SubscriptionRuns}'s; who may run a
 * subscription, {@link Leases}'.
 * <p>
 * All state lives in MongoDB (cursor and due times in the subscription document, each delivery
 * in its own), so a restart resumes where it stopped; a delivery interrupted mid-attempt is sent
 * again, which receivers tolerate by deduplicating on {@code webhook-id}.
 */
class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final SubscriptionStore subscriptions;
    private final WebhookProperties properties;
    private final Leases leases;
    private final SubscriptionRuns runs;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private ScheduledExecutorService ticker;
    private ExecutorService pool;

    WebhookDispatcher(SubscriptionStore subscriptions, DeliveryStore deliveries, AlertFeed feed,
                      AlertCloudEvents events, WebhookTransport transport, WebhookProperties properties, Clock clock) {
        this(subscriptions, deliveries, feed, events, transport, properties, clock, DeliveryOutcomes.NONE);
    }

    WebhookDispatcher(SubscriptionStore subscriptions, DeliveryStore deliveries, AlertFeed feed,
                      AlertCloudEvents events, WebhookTransport transport, WebhookProperties properties, Clock clock,
                      DeliveryOutcomes outcomes) {
        this.subscriptions = subscriptions;
        this.properties = properties;
        this.clock = clock;
        this.leases = new Leases(subscriptions, properties.lease(), clock);
        this.runs = new SubscriptionRuns(subscriptions, deliveries, feed, events, transport, properties, leases, clock,
                outcomes);
    }

    @Override
    public synchronized void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("webhook-ticker", new AtomicInteger()));
        pool = Executors.newCachedThreadPool(daemon("webhook-delivery-", new AtomicInteger()));
        long every = properties.pollInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        ticker.shutdownNow();
        pool.shutdownNow();
        try {
            pool.awaitTermination(properties.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leases.releaseAll();
        ticker = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return ticker != null;
    }

    /** The dispatcher's time, which schedules deliveries: a subscription's creation and a retry are stamped with it. */
    Instant now() {
        return clock.instant();
    }

    /** Runs a subscription now rather than at the next tick, e.g. after a supervisor's retry. */
    void wake(String subscriptionId) {
        ExecutorService current = pool;
        if (current != null && !current.isShutdown()) {
            submit(current, subscriptionId);
        }
    }

    /** One run of a subscription, as the pool makes it; called directly by tests that play two instances. */
    void run(String subscriptionId) {
        runs.run(subscriptionId);
    }

    /** Deletes a subscription and everything written for it; false when it was gone already. */
    boolean delete(String subscriptionId) {
        return runs.delete(subscriptionId);
    }

    private void tick() {
        try {
            subscriptions.all().forEach(s -> submit(pool, s.id()));
        } catch (Throwable e) {
            // Anything escaping a scheduled task cancels its schedule for good: deliveries would stop.
            log.warn("Could not list webhook subscriptions; trying again at the next tick", e);
        }
    }

    private void submit(ExecutorService executor, String subscriptionId) {
        if (!running.add(subscriptionId)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    runs.run(subscriptionId);
                } catch (RuntimeException e) {
                    log.warn("Webhook run for subscription {} failed; it runs again at the next tick", subscriptionId, e);
                } finally {
                    running.remove(subscriptionId);
                }
            });
        } catch (RuntimeException rejectedWhileStopping) {
            running.remove(subscriptionId);
        }
    }

    private static ThreadFactory daemon(String name, AtomicInteger counter) {
        return runnable -> {
            Thread thread = new Thread(runnable, name.endsWith("-") ? name + counter.incrementAndGet() : name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
