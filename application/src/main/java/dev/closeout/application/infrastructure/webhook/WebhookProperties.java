package dev.closeout.application.infrastructure.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * Webhook delivery settings ({@code closeout.webhooks.*}); every one has a production default, and
 * tests shrink the back-off and the give-up horizon to seconds.
 *
 * @param backoffBase    wait after the first failed attempt; doubled after each further failure
 * @param backoffCap     the longest single wait between two attempts
 * @param giveUpAfter    how long after its first attempt a delivery that still fails is parked
 * @param pollInterval   how often each subscription is looked at for new alerts and due retries
 * @param connectTimeout connecting to a subscriber's endpoint
 * @param requestTimeout one whole request to a subscriber's endpoint, connecting included
 * @param lease          how long one instance owns a subscription's deliveries without renewing
 * @param maxPending     deliveries a subscription may have waiting before it stops reading the
 *                       feed (the feed keeps the rest, so nothing is lost, and the subscription
 *                       document stays small)
 * @param allowPrivateNetworks whether subscriptions may name loopback, link-local, private,
 *                       multicast or this-host addresses (off: subscribers could otherwise probe
 *                       the application's own network, see {@link WebhookAddressPolicy})
 * @param allowedHosts   host names, or address ranges in CIDR form, allowed even when private
 *                       networks are not
 * @param deliveredRetention how long a delivered record is kept (with its body) for the listing;
 *                       pruned within a day after that. Pending and parked records are never pruned
 * @param maxSubscriptionsPerUser subscriptions one user may have at once: each is polled and may
 *                       hold up to {@code maxPending} deliveries, so one account must not create
 *                       them without bound; a consuming system needs a handful (one per endpoint)
 */
@ConfigurationProperties("closeout.webhooks")
public record WebhookProperties(Duration backoffBase, Duration backoffCap, Duration giveUpAfter,
                                Duration pollInterval, Duration connectTimeout, Duration requestTimeout,
                                Duration lease, Integer maxPending, Boolean allowPrivateNetworks,
                                List<String> allowedHosts, Duration deliveredRetention,
                                Integer maxSubscriptionsPerUser) {

    public WebhookProperties {
        backoffBase = backoffBase == null ? Duration.ofSeconds(5) : backoffBase;
        backoffCap = backoffCap == null ? Duration.ofHours(1) : backoffCap;
        giveUpAfter = giveUpAfter == null ? Duration.ofHours(24) : giveUpAfter;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
        lease = lease == null ? Duration.ofSeconds(60) : lease;
        maxPending = maxPending == null ? 1_000 : maxPending;
        allowPrivateNetworks = allowPrivateNetworks != null && allowPrivateNetworks;
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        deliveredRetention = deliveredRetention == null ? Duration.ofDays(30) : deliveredRetention;
        maxSubscriptionsPerUser = maxSubscriptionsPerUser == null ? 20 : maxSubscriptionsPerUser;
        if (maxSubscriptionsPerUser < 1) {
            throw new IllegalArgumentException("closeout.webhooks.max-subscriptions-per-user must be at least 1");
        }
    }

    RetryPolicy retryPolicy() {
        return new RetryPolicy(backoffBase, backoffCap, giveUpAfter);
    }

    WebhookAddressPolicy addressPolicy() {
        return new WebhookAddressPolicy(allowPrivateNetworks, allowedHosts);
    }
}
