package dev.closeout.application.infrastructure.readmodel;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;

/**
 * Lets a client read its own write: after a command is stored, wait (briefly, bounded by
 * {@code closeout.api.read-your-writes-timeout}) until the read model has folded in the
 * command's last event.
 *
 * <p>The stored version is the truth, so every wait ends on a read of it. When the projection
 * runs in this instance it calls {@link #folded} right after its handler stored an event, and
 * the waiter reads again at once; sleeping on a back-off instead overshot the projection by
 * several milliseconds per command and sent extra queries to a busy server. The read model may
 * also be updated by another instance, which cannot signal us, so a waiter polls every
 * {@link #POLL_INTERVAL} as well.
 */
@Component
public class ReadYourWrites {

    static final long POLL_INTERVAL = TimeUnit.MILLISECONDS.toNanos(8);

    private final Duration timeout;
    private final ConcurrentMap<String, Set<Waiter>> waiting = new ConcurrentHashMap<>();

    public ReadYourWrites(@Value("${closeout.api.read-your-writes-timeout:PT5S}") Duration timeout) {
        this.timeout = timeout;
    }

    /** True once {@code version.applyAsLong(id) >= wanted}; false if that did not happen in time. */
    public boolean await(String id, long wanted, ToLongFunction<String> version) {
        Waiter waiter = new Waiter(wanted);
        // registered before the first read, so a signal in between is not lost
        waiting.compute(id, (key, waiters) -> {
            Set<Waiter> set = waiters == null ? ConcurrentHashMap.newKeySet() : waiters;
            set.add(waiter);
            return set;
        });
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (version.applyAsLong(id) < wanted) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                if (!waiter.await(Math.min(remaining, POLL_INTERVAL))) {
                    return false;
                }
            }
            return true;
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
        Set<Waiter> waiters = waiting.get(id);
        if (waiters != null) {
            waiters.forEach(waiter -> waiter.offer(sequence));
        }
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
