package dev.closeout.application.support;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Read models, alerts and the sweep's results arrive a little after the command that caused
 * them: read until the value is what the test waits for, or the time is up, and hand back the
 * last value read so that the test's own assertion says what was seen. A test that fails the
 * condition by throwing (a field of a read model not written yet, a 404's body) has not seen it
 * yet either: read models no client waits for take a batch at most every 250 ms under load.
 */
public final class Eventually {

    private static final long PAUSE_MILLIS = 50;

    private Eventually() {
    }

    public static <T> T until(Duration timeout, Supplier<T> read, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.get();
        while (!holds(done, value) && System.nanoTime() < deadline) {
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

    private static <T> boolean holds(Predicate<T> done, T value) {
        try {
            return done.test(value);
        } catch (RuntimeException notThereYet) {
            return false;
        }
    }
}
