package dev.closeout.application.infrastructure.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's leases on subscriptions: one instance at a time runs a subscription, and every
 * write after an attempt is fenced by the lease, so a late result from an instance that lost it
 * changes nothing. A restarted instance is a new owner.
 */
final class Leases {

    /** The dispatcher's log: operators follow one logger for all of webhook delivery. */
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final SubscriptionStore subscriptions;
    private final Duration lease;
    private final Clock clock;
    private final String instance = UUID.randomUUID().toString();
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    Leases(SubscriptionStore subscriptions, Duration lease, Clock clock) {
        this.subscriptions = subscriptions;
        this.lease = lease;
        this.clock = clock;
    }

    /** This instance's name in the subscriptions' lease fields. */
    String instance() {
        return instance;
    }

    boolean claim(Subscription subscription, Instant now) {
        boolean claimed = subscriptions.claim(subscription, instance, now, now.plus(lease));
        if (claimed) {
            held.add(subscription.id());
        } else {
            held.remove(subscription.id());
        }
        return claimed;
    }

    /** Renews the lease for another lease period from now; false when another instance took it. */
    boolean renew(String subscriptionId) {
        return subscriptions.renew(subscriptionId, instance, clock.instant().plus(lease));
    }

    void forget(String subscriptionId) {
        held.remove(subscriptionId);
    }

    /** Lets other instances take over at once instead of after the lease expires. */
    void releaseAll() {
        held.forEach(id -> subscriptions.release(id, instance));
        held.clear();
    }

    void lost(String subscriptionId) {
        log.warn("Lost the lease on webhook subscription {} to another instance; its state there was left as that "
                + "instance wrote it", subscriptionId);
    }
}
