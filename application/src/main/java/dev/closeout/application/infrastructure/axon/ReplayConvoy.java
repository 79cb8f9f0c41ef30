package dev.closeout.application.infrastructure.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Processors replaying the store together (a rebuild, an upgrade's replay, a start after downtime) kept within
 * {@code window} events of the slowest of them, so that what one reads the others read from the events the store
 * holds in memory ({@code closeout.event-store.settled-events-held}) rather than from the store, and deserialize
 * once. Left alone, the light read models ran tens of thousands of events ahead of the heavy ones and every event
 * was read from the store about seven times out of twelve.
 * <p>
 * Only a processor catching up is held back: its next event is older than {@code behind}. One keeping up, and
 * the slowest of those catching up, are never held. A held processor is told that no event is available yet, as
 * when the store is quiet, so it does its own housekeeping (extending its token's claim) and asks again. A
 * processor that has not moved on for {@code stale} (one in error, retrying the same batch, or stopped) no longer
 * holds the others back, so one failing read model does not slow the others' replay.
 */
public final class ReplayConvoy {

    private final Duration behind;
    private final long window;
    private final long staleNanos;
    private final Clock clock;
    private final PacedEventSource.Ticker ticker;
    /** Where each stream catching up stood when it last asked for a batch, and when it last moved on. */
    private final Map<ConvoyStream, long[]> positions = new ConcurrentHashMap<>();

    public ReplayConvoy(long window, Duration behind, Duration stale, Clock clock) {
        this(window, behind, stale, clock, PacedEventSource.Ticker.SYSTEM);
    }

    ReplayConvoy(long window, Duration behind, Duration stale, Clock clock, PacedEventSource.Ticker ticker) {
        this.window = window;
        this.behind = behind;
        this.staleNanos = stale.toNanos();
        this.clock = clock;
        this.ticker = ticker;
    }

    /** The event store as a processor of the convoy reads it; a window of 0 or less holds nobody back. */
    public StreamableMessageSource<TrackedEventMessage<?>> source(StreamableMessageSource<TrackedEventMessage<?>> store) {
        if (window <= 0) {
            return store;
        }
        return new DecoratedEventSource(store) {
            @Override
            BlockingStream<TrackedEventMessage<?>> decorate(BlockingStream<TrackedEventMessage<?>> stream) {
                return new ConvoyStream(stream);
            }
        };
    }

    /** How many streams are catching up now, for tests. */
    int catchingUp() {
        return positions.size();
    }

    /**
     * Whether a stream catching up at {@code position} is to wait for the others: it is more than the window ahead
     * of the slowest stream that moved on lately.
     */
    private boolean ahead(ConvoyStream stream, long position) {
        long now = ticker.nanoTime();
        long[] before = positions.get(stream);
        positions.put(stream, new long[]{position, before != null && before[0] == position ? before[1] : now});
        long slowest = Long.MAX_VALUE;
        for (Map.Entry<ConvoyStream, long[]> other : positions.entrySet()) {
            if (other.getKey() != stream && now - other.getValue()[1] <= staleNanos) {
                slowest = Math.min(slowest, other.getValue()[0]);
            }
        }
        return slowest != Long.MAX_VALUE && position - slowest > window;
    }

    /** The store's stream, its batches starting only within the window of the slowest replaying stream. */
    final class ConvoyStream extends DecoratedEventSource.DecoratedStream {

        ConvoyStream(BlockingStream<TrackedEventMessage<?>> delegate) {
            super(delegate);
        }

        @Override
        boolean batchStarts(long timeoutNanos) throws InterruptedException {
            long deadline = ticker.nanoTime() + timeoutNanos;
            while (true) {
                OptionalLong position = catchingUpAt();
                if (position.isEmpty()) {
                    positions.remove(this);
                    return true;
                }
                if (!ahead(this, position.getAsLong())) {
                    return true;
                }
                long left = deadline - ticker.nanoTime();
                if (left <= 0) {
                    return false;
                }
                ticker.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
            }
        }

        /** The position of the next event when it is older than {@code behind}, else empty. */
        private OptionalLong catchingUpAt() {
            Instant keptUpTo = clock.instant().minus(behind);
            Optional<TrackedEventMessage<?>> next = delegate.peek();
            if (next.isEmpty() || !next.get().getTimestamp().isBefore(keptUpTo)) {
                return OptionalLong.empty();
            }
            return next.get().trackingToken().position();
        }

        @Override
        public void close() {
            positions.remove(this);
            super.close();
        }
    }
}
