package dev.closeout.application.infrastructure.readmodel;

import dev.closeout.projections.complaint.ComplaintViewProjection;
import dev.closeout.projections.inspection.InspectionRoundProjection;
import dev.closeout.projections.task.TaskViewProjection;
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
import java.util.function.BooleanSupplier;
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
 *
 * <p>A wait that has lasted {@link #PATIENCE} asks whether a view that commands wait for (the task, complaint or
 * inspection round views) is being rebuilt, by any instance; if one is, it ends after one last read: a replay takes
 * minutes at a county's size, and every command would otherwise hold its request for the whole timeout before
 * answering 202. The answer to that question is shared by every waiter for {@link #REBUILD_CHECK_VALID}.
 */
@Component
public class ReadYourWrites {

    static final Duration POLL_INTERVAL = Duration.ofMillis(8);
    /** How many items' last folds are remembered; a power of two. */
    static final int RECENT_SLOTS = 8192;

    /** How long a wait lasts before it asks whether the views commands wait for are being rebuilt. */
    static final Duration PATIENCE = Duration.ofMillis(250);
    /** How long the answer to that question stands for every waiter. */
    static final Duration REBUILD_CHECK_VALID = Duration.ofSeconds(1);
    /** The read models a command's answer waits for. */
    static final Set<String> AWAITED = Set.of(TaskViewProjection.PROCESSING_GROUP,
            ComplaintViewProjection.PROCESSING_GROUP, InspectionRoundProjection.PROCESSING_GROUP);

    private final Duration timeout;
    private final long pollNanos;
    private final long patienceNanos;
    private final BooleanSupplier rebuilding;
    private final ConcurrentMap<String, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    /** The last fold of recent items, each in the slot its id hashes to. */
    private final AtomicReferenceArray<Folded> recent = new AtomicReferenceArray<>(RECENT_SLOTS);

    @Autowired
    public ReadYourWrites(@Value("${closeout.api.read-your-writes-timeout:PT5S}") Duration timeout,
                          ReadModelRebuilds rebuilds) {
        this(timeout, POLL_INTERVAL, PATIENCE, new Remembered(
                () -> rebuilds.inProgress().stream().anyMatch(AWAITED::contains), REBUILD_CHECK_VALID));
    }

    /** Waits with no regard to rebuilds. */
    ReadYourWrites(Duration timeout, Duration pollInterval) {
        this(timeout, pollInterval, timeout, () -> false);
    }

    ReadYourWrites(Duration timeout, Duration pollInterval, Duration patience, BooleanSupplier rebuilding) {
        this.timeout = timeout;
        this.pollNanos = pollInterval.toNanos();
        this.patienceNanos = patience.toNanos();
        this.rebuilding = rebuilding;
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
            long started = System.nanoTime();
            long deadline = started + timeout.toNanos();
            long askAt = started + patienceNanos;
            boolean asked = false;
            boolean worthReading = lastFolded(id) >= wanted;
            while (true) {
                long now = System.nanoTime();
                if (!asked && now - askAt >= 0) {
                    asked = true;
                    if (rebuilding.getAsBoolean()) {
                        deadline = now;
                    }
                }
                long remaining = deadline - now;
                if (worthReading || remaining <= 0) {
                    Optional<T> found = read.apply(id);
                    if (found.isPresent() || remaining <= 0) {
                        return found;
                    }
                }
                long slice = Math.min(remaining, pollNanos);
                if (!asked) {
                    slice = Math.max(1, Math.min(slice, askAt - now));
                }
                if (!waiter.await(slice)) {
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

    /** A question's answer, asked again once it is older than {@code valid}. */
    static final class Remembered implements BooleanSupplier {
        private final BooleanSupplier question;
        private final long validNanos;
        private volatile boolean answer;
        private volatile long askedAt;
        private volatile boolean asked;

        Remembered(BooleanSupplier question, Duration valid) {
            this.question = question;
            this.validNanos = valid.toNanos();
        }

        @Override
        public boolean getAsBoolean() {
            if (!asked || System.nanoTime() - askedAt > validNanos) {
                synchronized (this) {
                    if (!asked || System.nanoTime() - askedAt > validNanos) {
                        answer = question.getAsBoolean();
                        askedAt = System.nanoTime();
                        asked = true;
                    }
                }
            }
            return answer;
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
