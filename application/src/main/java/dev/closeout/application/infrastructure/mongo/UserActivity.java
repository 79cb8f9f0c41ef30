package dev.closeout.application.infrastructure.mongo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Whether people are at work on the application: a request of theirs is being answered, or one ended within
 * {@link #QUIET_AFTER}. The embedded store shrinks its file only when nobody is (besides no command asking for a
 * commit): the shrink rewrites and moves tens of megabytes, a core's work for seconds after a load, and reads
 * that ran meanwhile were several times slower than their median (docs/measurements.md, session 25). Reads do not
 * wait for it, since they take no lock; they share the CPU with it. Compaction that keeps the file from growing runs
 * whoever is at work; only giving space back to the file system waits.
 */
public final class UserActivity {

    /**
     * How long after a request the store still counts people as at work: the pause between a page and the requests
     * it makes next, or between two clicks, is shorter; an office at work all day gives its file back at night.
     */
    public static final Duration QUIET_AFTER = Duration.ofSeconds(2);

    private final LongSupplier nanoTime;
    private final long quietAfterNanos;
    private final AtomicInteger running = new AtomicInteger();
    /** When the last request ended, by {@link #nanoTime}; at first, long enough ago. */
    private volatile long lastEnded;

    public UserActivity() {
        this(System::nanoTime, QUIET_AFTER);
    }

    /** @param nanoTime a monotonic clock in nanoseconds, as {@link System#nanoTime()} */
    public UserActivity(LongSupplier nanoTime, Duration quietAfter) {
        this.nanoTime = nanoTime;
        this.quietAfterNanos = quietAfter.toNanos();
        this.lastEnded = nanoTime.getAsLong() - quietAfterNanos;
    }

    /** No one ever at work: for a store no user reaches (tools, tests). */
    public static UserActivity none() {
        return new UserActivity(() -> 0L, Duration.ZERO);
    }

    /** A request began; call {@link #ended()} once for it, however it ends. */
    public void started() {
        running.incrementAndGet();
    }

    public void ended() {
        lastEnded = nanoTime.getAsLong();
        running.decrementAndGet();
    }

    /** Whether a request is being answered or one ended within {@link #QUIET_AFTER}. */
    public boolean atWork() {
        return running.get() > 0 || nanoTime.getAsLong() - lastEnded < quietAfterNanos;
    }
}
