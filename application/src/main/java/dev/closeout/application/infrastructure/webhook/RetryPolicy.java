package dev.closeout.application.infrastructure.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again, and when it is given up. The wait doubles from
 * {@code base} with each failure up to {@code cap}; each wait is shortened by up to a fifth at
 * random so that subscribers who failed together do not all retry in the same instant. A delivery
 * is parked by the first failure at least {@code giveUpAfter} after its first attempt, so it is
 * tried for at least that long.
 */
record RetryPolicy(Duration base, Duration cap, Duration giveUpAfter) {

    /** The wait after the {@code failures}-th failed attempt in a row (1 for the first). */
    Duration delayAfter(int failures, DoubleSupplier random) {
        // 2^30 steps of even a millisecond exceed any sensible cap; the bound keeps the shift in range.
        Duration doubled = base.multipliedBy(1L << Math.min(Math.max(failures, 1) - 1, 30));
        Duration step = doubled.compareTo(cap) < 0 ? doubled : cap;
        double jitter = 1 - 0.2 * random.getAsDouble();
        return Duration.ofMillis((long) (step.toMillis() * jitter));
    }

    boolean givesUp(Instant firstAttempt, Instant failedAttempt) {
        return !failedAttempt.isBefore(firstAttempt.plus(giveUpAfter));
    }
}
