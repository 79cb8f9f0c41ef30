package dev.closeout.application.infrastructure.webhook;

import dev.closeout.projections.alert.Alert;
import dev.closeout.projections.alert.AlertFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One run of a subscription: claim its lease, prune what it delivered long ago, turn the alerts
 * raised since its cursor into pending deliveries, then attempt the deliveries now due, oldest
 * first. Also the deletion of a subscription with everything written for it.
 */
final class SubscriptionRuns {

    /** The dispatcher's log: operators follow one logger for all of webhook delivery. */
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** Feed positions read per run, so one run of a subscription that fell far behind stays short. */
    private static final int FEED_PAGE = 200;
    /** Due deliveries attempted per run, so the run renews its lease and picks up new alerts regularly. */
    private static final int ATTEMPTS_PER_RUN = 50;

    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final AlertFeed feed;
    private final AlertCloudEvents events;
    private final int maxPending;
    private final Leases leases;
    private final DeliveredPruning pruning;
    private final DeliveryAttempts attempts;
    private final Clock clock;

    SubscriptionRuns(SubscriptionStore subscriptions, DeliveryStore deliveries, AlertFeed feed,
                     AlertCloudEvents events, WebhookTransport transport, WebhookProperties properties, Leases leases,
                     Clock clock, DeliveryOutcomes outcomes) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.feed = feed;
        this.events = events;
        this.maxPending = properties.maxPending();
        this.leases = leases;
        this.pruning = new DeliveredPruning(subscriptions, deliveries, properties.deliveredRetention(), leases);
        this.attempts = new DeliveryAttempts(subscriptions, deliveries, transport, properties.retryPolicy(), leases,
                clock, outcomes);
        this.clock = clock;
    }

    void run(String subscriptionId) {
        Subscription subscription = subscriptions.find(subscriptionId).orElse(null);
        if (subscription == null) {
            leases.forget(subscriptionId);
            return;
        }
        Instant now = clock.instant();
        if (!leases.claim(subscription, now)) {
            return;
        }
        boolean wroteRecords = true; // a run that fails midway may have written some
        try {
            wroteRecords = deliver(subscription, now);
        } finally {
            if (wroteRecords) {
                removeIfDeletedMeanwhile(subscription);
            }
        }
    }

    /** Deletes a subscription and everything written for it; false when it was gone already. */
    boolean delete(String subscriptionId) {
        Optional<Subscription> removed = subscriptions.remove(subscriptionId);
        removed.ifPresent(this::removeRecords);
        return removed.isPresent();
    }

    /** @return whether the run wrote delivery records (or may have): only those can outlive a deletion */
    private boolean deliver(Subscription subscription, Instant now) {
        String subscriptionId = subscription.id();
        if (!pruning.prune(subscription, now)) {
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
            if (!subscriptions.settle(subscriptionId, leases.instance(), sequence)) {
                return caughtUp.wrote();
            }
        }
        boolean attempted = false;
        for (Delivery delivery : loaded) {
            if (Thread.currentThread().isInterrupted() || !leases.renew(subscriptionId)) {
                break;
            }
            if (delivery.status() != Delivery.Status.PENDING) {
                // Settled before a crash or by another instance, but still listed as pending here.
                if (!attempts.settleUnlessRetried(subscriptionId, delivery)) {
                    break;
                }
                continue;
            }
            attempted = true;
            attempts.attempt(subscription, delivery);
        }
        return caughtUp.wrote() || attempted;
    }

    /** The deliveries pending after reading the feed, and whether reading it wrote new ones. */
    private record CaughtUp(Map<Long, Instant> pending, boolean wrote) {
    }

    /**
     * Turns the alerts raised since the subscription's cursor into pending deliveries, due now.
     * Deliveries are written before the cursor moves: a crash in between writes them again, which
     * changes nothing. A subscription with {@code maxPending} deliveries waiting reads no further.
     */
    private CaughtUp catchUp(Subscription s, Instant now) {
        Map<Long, Instant> pending = new LinkedHashMap<>(s.pending());
        int room = maxPending - pending.size();
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
        if (!subscriptions.advance(s.id(), leases.instance(), page.next(), sequences, now)) {
            leases.lost(s.id());
            return new CaughtUp(Map.of(), !created.isEmpty());
        }
        sequences.forEach(sequence -> pending.put(sequence, now));
        return new CaughtUp(pending, !created.isEmpty());
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
            leases.forget(s.id());
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
}
