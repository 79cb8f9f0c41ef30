package dev.closeout.application.infrastructure.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.BooleanSupplier;

/**
 * Deletes a subscription's delivered records older than the retention, a few whole days at a
 * time: those delivered on days that ended before {@code now - deliveredRetention}, found by exact
 * keys in the day lists. At most {@value #BATCHES_PER_RUN} batches of records per run, renewing the
 * lease before each, so the lease cannot run out mid-prune; a day left unfinished is taken up again
 * by the next run. Runs at most once a day per subscription in practice, since the mark then stands
 * at yesterday's cutoff day.
 */
final class DeliveredPruning {

    /** The dispatcher's log: operators follow one logger for all of webhook delivery. */
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** Days of delivered records pruned per run, so catching up after an upgrade or downtime stays in short runs. */
    private static final int DAYS_PER_RUN = 7;
    /**
     * Batches of delivered records (500 each) one run looks at, so a day of a million deliveries is
     * pruned over many short runs instead of holding up this subscription's deliveries.
     */
    private static final int BATCHES_PER_RUN = 20;

    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final Duration retention;
    private final Leases leases;

    DeliveredPruning(SubscriptionStore subscriptions, DeliveryStore deliveries, Duration retention, Leases leases) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.retention = retention;
        this.leases = leases;
    }

    /** @return false when this instance lost the lease */
    boolean prune(Subscription s, Instant now) {
        Instant cutoff = now.minus(retention);
        LocalDate from = s.prunedThrough() == null ? DeliveryStore.day(s.createdAt()) : s.prunedThrough().plusDays(1);
        LocalDate last = min(DeliveryStore.day(cutoff).minusDays(1), from.plusDays(DAYS_PER_RUN - 1));
        Budget budget = new Budget(s.id());
        int deleted = 0;
        for (LocalDate day = from; !day.isAfter(last); day = day.plusDays(1)) {
            DeliveryStore.DayPruned pruned = deliveries.pruneDay(s, day, cutoff, budget);
            deleted += pruned.deleted();
            if (!pruned.done()) {
                break;
            }
            if (!subscriptions.pruned(s.id(), leases.instance(), day)) {
                budget.leaseLost = true;
                break;
            }
        }
        if (deleted > 0) {
            log.info("Pruned {} webhook deliveries to subscription {} delivered from {}", deleted, s.id(), from);
        }
        if (budget.leaseLost) {
            leases.lost(s.id());
        }
        return !budget.leaseLost;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    /** Lets one run look at {@value #BATCHES_PER_RUN} batches of records, renewing the lease before each. */
    private final class Budget implements BooleanSupplier {
        private final String subscriptionId;
        private int left = BATCHES_PER_RUN;
        private boolean leaseLost;

        Budget(String subscriptionId) {
            this.subscriptionId = subscriptionId;
        }

        @Override
        public boolean getAsBoolean() {
            if (left-- <= 0) {
                return false;
            }
            leaseLost = !leases.renew(subscriptionId);
            return !leaseLost;
        }
    }
}
