package dev.closeout.application.infrastructure.webhook;

import java.time.Instant;

/**
 * One alert to be delivered to one subscription, kept until the end with the body that is sent on
 * every attempt (so a retry sends the same bytes, signed afresh).
 *
 * @param id            {@code subscriptionId:sequence}: creating it twice is harmless
 * @param alertId       the {@code webhook-id} of every attempt
 * @param firstAttemptAt when trying began, from which the give-up horizon counts; {@code null} before
 * @param lastError     why the last attempt failed: {@code HTTP 503}, or the exception
 * @param revision      counts the writes to the record since it was created: a write names the revision it read
 *                      and is refused if another came first; {@code null} on records from before revisions
 */
record Delivery(String id, String subscriptionId, long sequence, String alertId, String body, Status status,
                int attempts, Instant firstAttemptAt, Instant lastAttemptAt, Instant nextAttemptAt, String lastError,
                Instant deliveredAt, Long revision) {

    enum Status {
        /** Waiting for its next attempt. */
        PENDING,
        /** The endpoint answered 2xx. */
        DELIVERED,
        /** Still failing after the give-up horizon; a supervisor may retry it. */
        PARKED
    }
}
