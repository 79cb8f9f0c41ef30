package dev.closeout.application.webhook;

import dev.closeout.projections.alert.Alert;
import dev.closeout.projections.alert.AlertFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Delivers alerts to webhook subscriptions. It reads the alert feed like any consumer, from each
 * subscription's own cursor, so command handling and the alert projection never wait for it.
 * <p>
 * A single ticker looks at every subscription each poll interval and hands each one, at most once
 * at a time, to a delivery pool that grows with the number of subscriptions: a subscription whose
 * endpoint hangs holds only its own thread, for at most the request timeout per attempt, and never
 * delays another subscription. One run of a subscription claims its lease, turns newly raised
 * matching alerts into pending deliveries, then attempts the deliveries now due, oldest first.
 * <p>
 * All state lives in MongoDB (cursor and due times in the subscription document, each delivery
 * in its own), so a restart resumes where it stopped; a delivery interrupted mid-attempt is sent
 * again, which receivers tolerate by deduplicating on {@code webhook-id}.
 */
class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** Feed positions read per run, so one run of a subscription that fell far behind stays short. */
    private static final int FEED_PAGE = 200;
    /** Due deliveries attempted per run, so the run renews its lease and picks up new alerts regularly. */
    private static final int ATTEMPTS_PER_RUN = 50;
    /** Days of delivered records pruned per run, so catching up after an upgrade or downtime stays in short runs. */
    private static final int PRUNE_DAYS_PER_RUN = 7;
    /**
     * Batches of delivered records (500 each) one run looks at when pruning, so a day of a million
     * deliveries is pruned over many short runs instead of holding up this subscription's deliveries.
     */
    private static final int PRUNE_BATCHES_PER_RUN = 20;

    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final AlertFeed feed;
    private final AlertCloudEvents events;
    private final WebhookTransport transport;
    private final WebhookProperties properties;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    /** This instance's name in subscription leases; a restarted instance is a new owner. */
    private final String instance = UUID.randomUUID().toString();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Set<String> leased = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService ticker;
    private ExecutorService pool;

    WebhookDispatcher(SubscriptionStore subscriptions, DeliveryStore deliveries, AlertFeed feed,
                      AlertCloudEvents events, WebhookTransport transport, WebhookProperties properties, Clock clock) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.feed = feed;
        this.events = events;
        this.transport = transport;
        this.properties = properties;
        this.retryPolicy = properties.retryPolicy();
        this.clock = clock;
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
        // Lets another instance take over at once instead of after the lease expires.
        leased.forEach(id -> subscriptions.release(id, instance));
        leased.clear();
        ticker = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return ticker != null;
    }

    /** Runs a subscription now rather than at the next tick, e.g. after a supervisor's retry. */
    void wake(String subscriptionId) {
        ExecutorService current = pool;
        if (current != null && !current.isShutdown()) {
            submit(current, subscriptionId);
        }
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
                    run(subscriptionId);
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

    /** One run of a subscription, as the pool makes it; called directly by tests that play two instances. */
    void run(String subscriptionId) {
        Subscription subscription = subscriptions.find(subscriptionId).orElse(null);
        if (subscription == null) {
            leased.remove(subscriptionId);
            return;
        }
        Instant now = clock.instant();
        if (!subscriptions.claim(subscription, instance, now, now.plus(properties.lease()))) {
            leased.remove(subscriptionId);
            return;
        }
        leased.add(subscriptionId);
        boolean wroteRecords = true; // a run that fails midway may have written some
        try {
            wroteRecords = deliver(subscription, now);
        } finally {
            if (wroteRecords) {
                removeIfDeletedMeanwhile(subscription);
            }
        }
    }

    /** @return whether the run wrote delivery records (or may have): only those can outlive a deletion */
    private boolean deliver(Subscription subscription, Instant now) {
        String subscriptionId = subscription.id();
        if (!prune(subscription, now)) {
            return false;
        }
        CaughtUp caughtUp = catchUp(subscription, now);
        List<String> due = caughtUp.pending().entrySet().stream().filter(e -> !e.getValue().isAfter(now))
                .sorted(Map.Entry.comparingByValue()).limit(ATTEMPTS_PER_RUN)
                .map(e -> subscription.deliveryId(e.getKey())).toList();
        if (due.isEmpty()) {
            return caughtUp.wrote();
        }
        List<Delivery> loaded = deliveries.findAll(due);
        Set<Long> found = loaded.stream().map(Delivery::sequence).collect(Collectors.toSet());
        for (long sequence : due.stream().map(id -> Long.parseLong(id.substring(id.lastIndexOf(':') + 1)))
                .filter(sequence -> !found.contains(sequence)).toList()) {
            if (!subscriptions.settle(subscriptionId, instance, sequence)) {
                return caughtUp.wrote();
            }
        }
        boolean attempted = false;
        for (Delivery delivery : loaded) {
            if (Thread.currentThread().isInterrupted()
                    || !subscriptions.renew(subscriptionId, instance, clock.instant().plus(properties.lease()))) {
                break;
            }
            if (delivery.status() != Delivery.Status.PENDING) {
                // Settled before a crash or by another instance, but still listed as pending here.
                if (!settleUnlessRetried(subscriptionId, delivery)) {
                    break;
                }
                continue;
            }
            attempted = true;
            attempt(subscription, delivery);
        }
        return caughtUp.wrote() || attempted;
    }

    /** The deliveries pending after reading the feed, and whether reading it wrote new ones. */
    private record CaughtUp(Map<Long, Instant> pending, boolean wrote) {
    }

    /** Deletes a subscription and everything written for it; false when it was gone already. */
    boolean delete(String subscriptionId) {
        Optional<Subscription> removed = subscriptions.remove(subscriptionId);
        removed.ifPresent(this::removeRecords);
        return removed.isPresent();
    }

    /**
     * A subscription deleted while this run was under way (from another instance, or while this one
     * waited on an endpoint) may have had records written for it after its deletion removed them: a
     * pending delivery upserted on reading the feed, a delivered one listed under its day. Every write
     * of a run comes before this check, and a deletion removes its records after removing the
     * subscription: so a write either precedes the deletion's removal, which finds it, or is followed
     * by a check that finds the subscription gone and removes it here.
     */
    private void removeIfDeletedMeanwhile(Subscription s) {
        if (subscriptions.find(s.id()).isEmpty()) {
            leased.remove(s.id());
            removeRecords(s);
            log.info("Webhook subscription {} was deleted during a run; removed what that run wrote for it", s.id());
        }
    }

    /**
     * Up to the feed's head rather than the subscription's cursor: a run that lost its lease may have
     * written deliveries past a cursor it could not move.
     */
    private void removeRecords(Subscription s) {
        deliveries.deleteAll(s, Math.max(s.cursor(), feed.head()), clock.instant());
    }

    /**
     * Deletes the delivered records older than the retention, a few whole days at a time: those
     * delivered on days that ended before {@code now - deliveredRetention}, found by exact keys in the
     * day lists. At most {@value #PRUNE_BATCHES_PER_RUN} batches of records per run, renewing the lease
     * before each, so the lease cannot run out mid-prune; a day left unfinished is taken up again by
     * the next run. Runs at most once a day per subscription in practice, since the mark then stands
     * at yesterday's cutoff day.
     *
     * @return false when this instance lost the lease
     */
    private boolean prune(Subscription s, Instant now) {
        Instant cutoff = now.minus(properties.deliveredRetention());
        LocalDate from = s.prunedThrough() == null ? DeliveryStore.day(s.createdAt()) : s.prunedThrough().plusDays(1);
        LocalDate last = min(DeliveryStore.day(cutoff).minusDays(1), from.plusDays(PRUNE_DAYS_PER_RUN - 1));
        PruneBudget budget = new PruneBudget(s.id());
        int deleted = 0;
        for (LocalDate day = from; !day.isAfter(last); day = day.plusDays(1)) {
            DeliveryStore.DayPruned pruned = deliveries.pruneDay(s, day, cutoff, budget);
            deleted += pruned.deleted();
            if (!pruned.done()) {
                break;
            }
            if (!subscriptions.pruned(s.id(), instance, day)) {
                budget.leaseLost = true;
                break;
            }
        }
        if (deleted > 0) {
            log.info("Pruned {} webhook deliveries to subscription {} delivered from {}", deleted, s.id(), from);
        }
        if (budget.leaseLost) {
            lostLease(s.id());
        }
        return !budget.leaseLost;
    }

    /** Lets one run's pruning look at {@value #PRUNE_BATCHES_PER_RUN} batches of records, renewing the lease before each. */
    private final class PruneBudget implements BooleanSupplier {
        private final String subscriptionId;
        private int left = PRUNE_BATCHES_PER_RUN;
        private boolean leaseLost;

        PruneBudget(String subscriptionId) {
            this.subscriptionId = subscriptionId;
        }

        @Override
        public boolean getAsBoolean() {
            if (left-- <= 0) {
                return false;
            }
            leaseLost = !subscriptions.renew(subscriptionId, instance, clock.instant().plus(properties.lease()));
            return !leaseLost;
        }
    }

    /**
     * Turns the alerts raised since the subscription's cursor into pending deliveries, due now.
     * Deliveries are written before the cursor moves: a crash in between writes them again, which
     * changes nothing. A subscription with {@code maxPending} deliveries waiting reads no further.
     */
    private CaughtUp catchUp(Subscription s, Instant now) {
        Map<Long, Instant> pending = new LinkedHashMap<>(s.pending());
        int room = properties.maxPending() - pending.size();
        if (room <= 0 || s.cursor() >= feed.head()) {
            return new CaughtUp(pending, false);
        }
        AlertFeed.Page page = feed.after(s.cursor(), Math.min(room, FEED_PAGE), s.filter());
        List<Delivery> created = new ArrayList<>();
        for (Alert alert : page.alerts()) {
            created.add(new Delivery(s.deliveryId(alert.sequence()), s.id(), alert.sequence(), alert.alertId(),
                    new String(events.body(alert), StandardCharsets.UTF_8), Delivery.Status.PENDING, 0, null, null,
                    null, null, null, 0L));
        }
        deliveries.createAll(created);
        Set<Long> sequences = created.stream().map(Delivery::sequence).collect(Collectors.toSet());
        if (!subscriptions.advance(s.id(), instance, page.next(), sequences, now)) {
            lostLease(s.id());
            return new CaughtUp(Map.of(), !created.isEmpty());
        }
        sequences.forEach(sequence -> pending.put(sequence, now));
        return new CaughtUp(pending, !created.isEmpty());
    }

    /**
     * Makes one attempt and records its result. The lease may expire while the endpoint takes its
     * time and another instance may take the subscription over and attempt the same delivery: so the
     * delivery record is written only if it is still as read before the attempt (its revision), and
     * the subscription only while this instance holds the lease. A refused write is logged and
     * dropped; the record keeps what the other instance wrote (a delivered alert stays delivered).
     */
    private void attempt(Subscription s, Delivery d) {
        Instant at = clock.instant();
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = at.getEpochSecond();
        Map<String, String> headers = Map.of(
                "webhook-id", d.alertId(),
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", s.secret().sign(d.alertId(), timestamp, body),
                "Content-Type", AlertCloudEvents.CONTENT_TYPE);
        WebhookTransport.Result result = transport.send(s.url(), headers, body);
        if (Thread.currentThread().isInterrupted()) {
            // Stopping: this attempt says nothing about the endpoint; it is made again after the restart.
            return;
        }
        int attempts = d.attempts() + 1;
        Instant first = d.firstAttemptAt() == null ? at : d.firstAttemptAt();
        boolean recorded;
        boolean subscriptionWritten = true;
        if (result.delivered()) {
            deliveries.listDelivered(d, at);
            recorded = deliveries.delivered(d, attempts, first, at);
            subscriptionWritten = !recorded || subscriptions.settle(s.id(), instance, d.sequence());
        } else if (retryPolicy.givesUp(first, at)) {
            recorded = deliveries.parked(d, attempts, first, at, result.error());
            if (recorded) {
                log.warn("Parked webhook delivery {} to {} after {} attempts: {}", d.id(), withoutUserInfo(s.url()),
                        attempts, result.error());
                subscriptionWritten = settleUnlessRetried(s.id(), d);
            }
        } else {
            Instant next = at.plus(retryPolicy.delayAfter(attempts, ThreadLocalRandom.current()::nextDouble));
            recorded = deliveries.failed(d, attempts, first, at, result.error(), next);
            subscriptionWritten = !recorded || subscriptions.reschedule(s.id(), instance, d.sequence(), next);
        }
        if (!recorded) {
            log.warn("Result of webhook delivery {} attempt {} ({}) not recorded: the delivery changed meanwhile, "
                            + "most likely another instance took over subscription {} while this attempt was under way",
                    d.id(), attempts, result.delivered() ? "delivered" : result.error(), s.id());
        } else if (!subscriptionWritten) {
            lostLease(s.id());
        }
    }

    /**
     * Takes a parked (or otherwise settled) delivery off the subscription's pending list, unless a
     * supervisor retried it meanwhile: the retry puts the record back to pending first and lists it
     * after, so a retry landing between the park and this removal is seen on reading the record
     * again, and listed again here rather than left pending but never tried.
     *
     * @return false when this instance no longer holds the lease
     */
    private boolean settleUnlessRetried(String subscriptionId, Delivery d) {
        if (!subscriptions.settle(subscriptionId, instance, d.sequence())) {
            return false;
        }
        boolean retried = deliveries.find(d.id()).map(now -> now.status() == Delivery.Status.PENDING).orElse(false);
        return !retried || subscriptions.reschedule(subscriptionId, instance, d.sequence(), clock.instant());
    }

    private void lostLease(String subscriptionId) {
        log.warn("Lost the lease on webhook subscription {} to another instance; its state there was left as that "
                + "instance wrote it", subscriptionId);
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    /** Subscriptions made before user info was refused may carry a password; logs must not. */
    private static String withoutUserInfo(URI url) {
        return url.getRawUserInfo() == null ? url.toString()
                : url.toString().replaceFirst(Pattern.quote(url.getRawUserInfo() + "@"), "");
    }

    private static ThreadFactory daemon(String name, AtomicInteger counter) {
        return runnable -> {
            Thread thread = new Thread(runnable, name.endsWith("-") ? name + counter.incrementAndGet() : name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
