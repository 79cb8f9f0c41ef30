package dev.closeout.application.infrastructure.readmodel;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Lets a client read its own write: after a command is stored, wait (briefly, bounded by
 * {@code closeout.api.read-your-writes-timeout}) until the read model has folded in the
 * command's last event.
 *
 * <p>The stored version is the truth, so every wait ends on a read of it: of the view itself, for a
 * command answered with the view ({@link #awaitRead}), so that the read that ends the wait is also the
 * answer. When the projection runs in this instance it calls {@link #folded} right after its handler
 * stored an event, and the waiter reads at once; sleeping on a back-off instead overshot the projection
 * by several milliseconds per command and sent extra queries to a busy server. A waiter reads before any
 * signal only when this instance folded the event already (it remembers the last fold of recent items,
 * {@value #RECENT_SLOTS} slots by hash, a later item taking an earlier one's slot): a read before the
 * projection has stored the event would find the old version. The read model may also be updated by another instance, which cannot signal us, so a waiter polls every
 * {@link #POLL_INTERVAL} as well.
 */
@Component
public class ReadYourWrites {

    static final Duration POLL_INTERVAL = Duration.ofMillis(8);
    /** How many items' last folds are remembered; a power of two. */
    static final int RECENT_SLOTS = 8192;

    private final Duration timeout;
    private final long pollNanos;
    private final ConcurrentMap<String, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    /** The last fold of recent items, each in the slot its id hashes to. */
    private final AtomicReferenceArray<Folded> recent = new AtomicReferenceArray<>(RECENT_SLOTS);

    @Autowired
    public ReadYourWrites(@Value("${closeout.api.read-your-writes-timeout:PT5S}") Duration timeout) {
        this(timeout, POLL_INTERVAL);
    }

    ReadYourWrites(Duration timeout, Duration pollInterval) {
        this.timeout = timeout;
        this.pollNanos = pollInterval.toNanos();
    }

    /** True once {@code version.applyAsLong(id) >= wanted}; false if that did not happen in time. */
    public boolean await(String id, long wanted, ToLongFunction<String> version) {
        return awaitRead(id, wanted, key -> version.applyAsLong(key) >= wanted ? Optional.of(true) : Optional.empty())
                .isPresent();
    }

    /**
     * What {@code read} gives once the read model has folded in event {@code wanted} of item {@code id}; empty if
     * that did not happen in time. {@code read} answers empty while the stored version is below {@code wanted}.
     */
    public <T> Optional<T> awaitRead(String id, long wanted, Function<String, Optional<T>> read) {
        Waiter waiter = new Waiter(wanted);
        // registered before the first look, so a signal in between is not lost
        waiting.compute(id, (key, waiters) -> {
            Set<Waiter> set = waiters == null ? ConcurrentHashMap.newKeySet() : waiters;
            set.add(waiter);
            return set;
        });
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean worthReading = lastFolded(id) >= wanted;
            while (true) {
                long remaining = deadline - System.nanoTime();
                if (worthReading || remaining <= 0) {
                    Optional<T> found = read.apply(id);
                    if (found.isPresent() || remaining <= 0) {
                        return found;
                    }
                }
                if (!waiter.await(Math.min(remaining, pollNanos))) {
                    return Optional.empty();
                }
                worthReading = true;
            }
        } finally {
            waiting.computeIfPresent(id, (key, waiters) -> {
                waiters.remove(waiter);
                return waiters.isEmpty() ? null : waiters;
            });
        }
    }

    /**
     * The projection in this instance has stored the effect of the event with this sequence number
     * of this aggregate; wakes whoever waits for it (they confirm with a read).
     */
    public void folded(String id, long sequence) {
        recent.set(slot(id), new Folded(id, sequence));
        Set<Waiter> waiters = waiting.get(id);
        if (waiters != null) {
            waiters.forEach(waiter -> waiter.offer(sequence));
        }
    }

    /** How many requests wait for {@code id} now. */
    int waiters(String id) {
        Set<Waiter> waiters = waiting.get(id);
        return waiters == null ? 0 : waiters.size();
    }

    /**
     * The last event of {@code id} the projection in this instance has told of folding in, -1 if none is remembered
     * (none told, or a later item's fold took its slot).
     */
    public long lastFolded(String id) {
        Folded last = recent.get(slot(id));
        return last != null && last.id().equals(id) ? last.sequence() : -1;
    }

    private static int slot(String id) {
        int hash = id.hashCode();
        return (hash ^ (hash >>> 16)) & (RECENT_SLOTS - 1);
    }

    private record Folded(String id, long sequence) {
    }

    private static final class Waiter {
        private final long wanted;
        private final CompletableFuture<Void> reached = new CompletableFuture<>();

        Waiter(long wanted) {
            this.wanted = wanted;
        }

        void offer(long sequence) {
            if (sequence >= wanted) {
                reached.complete(null);
            }
        }

        /**
         * Waits for a signal or the poll interval; false if interrupted. Once signalled, only polls:
         * a signal is a hint to read, and must not turn the wait into a busy loop.
         */
        boolean await(long nanos) {
            try {
                if (reached.isDone()) {
                    TimeUnit.NANOSECONDS.sleep(nanos);
                } else {
                    reached.get(nanos, TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException e) {
                // time to poll
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
            return true;
        }
    }
}
