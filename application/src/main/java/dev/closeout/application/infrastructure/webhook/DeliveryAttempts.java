package dev.closeout.application.infrastructure.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One attempt at a delivery, and what it leaves behind. The lease may expire while the endpoint
 * takes its time and another instance may take the subscription over and attempt the same
 * delivery: so the delivery record is written only if it is still as read before the attempt (its
 * revision), and the subscription only while this instance holds the lease. A refused write is
 * logged and dropped; the record keeps what the other instance wrote (a delivered alert stays
 * delivered).
 */
final class DeliveryAttempts {

    /** The dispatcher's log: operators follow one logger for all of webhook delivery. */
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final WebhookTransport transport;
    private final RetryPolicy retryPolicy;
    private final Leases leases;
    private final Clock clock;
    private final DeliveryOutcomes outcomes;

    DeliveryAttempts(SubscriptionStore subscriptions, DeliveryStore deliveries, WebhookTransport transport,
                     RetryPolicy retryPolicy, Leases leases, Clock clock, DeliveryOutcomes outcomes) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.transport = transport;
        this.retryPolicy = retryPolicy;
        this.leases = leases;
        this.clock = clock;
        this.outcomes = outcomes;
    }

    void attempt(Subscription s, Delivery d) {
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
        String instance = leases.instance();
        boolean recorded;
        boolean subscriptionWritten = true;
        String status;
        if (result.delivered()) {
            status = "delivered";
            deliveries.listDelivered(d, at);
            recorded = deliveries.delivered(d, attempts, first, at);
            subscriptionWritten = !recorded || subscriptions.settle(s.id(), instance, d.sequence());
        } else if (retryPolicy.givesUp(first, at)) {
            status = "parked";
            recorded = deliveries.parked(d, attempts, first, at, result.error());
            if (recorded) {
                log.warn("Parked webhook delivery {} to {} after {} attempts: {}", d.id(), loggable(s.url()),
                        attempts, result.error());
                subscriptionWritten = settleUnlessRetried(s.id(), d);
            }
        } else {
            status = "failed";
            Instant next = at.plus(retryPolicy.delayAfter(attempts, ThreadLocalRandom.current()::nextDouble));
            recorded = deliveries.failed(d, attempts, first, at, result.error(), next);
            subscriptionWritten = !recorded || subscriptions.reschedule(s.id(), instance, d.sequence(), next);
        }
        if (recorded) {
            outcomes.recorded(s.id(), status);
        }
        if (!recorded) {
            log.warn("Result of webhook delivery {} attempt {} ({}) not recorded: the delivery changed meanwhile, "
                            + "most likely another instance took over subscription {} while this attempt was under way",
                    d.id(), attempts, result.delivered() ? "delivered" : result.error(), s.id());
        } else if (!subscriptionWritten) {
            leases.lost(s.id());
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
    boolean settleUnlessRetried(String subscriptionId, Delivery d) {
        String instance = leases.instance();
        if (!subscriptions.settle(subscriptionId, instance, d.sequence())) {
            return false;
        }
        boolean retried = deliveries.find(d.id()).map(now -> now.status() == Delivery.Status.PENDING).orElse(false);
        return !retried || subscriptions.reschedule(subscriptionId, instance, d.sequence(), clock.instant());
    }

    /**
     * The endpoint as a log may name it: scheme, host, port and path. Subscriptions made before user info was refused
     * may carry a password, and the usual IM gateways carry their secret in the query ({@code ?access_token=…},
     * {@code ?key=…}): logs carry neither; a query left out is shown as {@code ?…}.
     */
    static String loggable(URI url) {
        return shown(url, false);
    }

    /**
     * The endpoint without what may be a secret (as {@link #loggable}), and with {@code firstSegmentOnly} its path cut
     * after the first segment ({@code /…}): Lark and Slack keep their tokens in the path, which a log may name but
     * an answer read by every supervisor and auditor may not.
     */
    static String shown(URI url, boolean firstSegmentOnly) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        int second = path.indexOf('/', 1);
        if (firstSegmentOnly && second >= 0) {
            path = path.substring(0, second) + "/…";
        }
        String shown = url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort()) + path;
        return url.getRawQuery() == null ? shown : shown + "?…";
    }
}
