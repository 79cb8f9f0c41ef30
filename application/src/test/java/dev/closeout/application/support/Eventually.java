package dev.closeout.application.support;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Read models, alerts and the sweep's results arrive a little after the command that caused
 * them: read until the value is what the test waits for, or the time is up, and hand back the
 * last value read so that the test's own assertion says what was seen.
 */
public final class Eventually {

    private static final long PAUSE_MILLIS = 50;

    private Eventually() {
    }

    public static <T> T until(Duration timeout, Supplier<T> read, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return value;
            }
            value = read.get();
        }
        return value;
    }
}
