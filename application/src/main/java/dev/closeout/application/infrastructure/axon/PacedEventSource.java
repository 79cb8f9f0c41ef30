package dev.closeout.application.infrastructure.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The event store as a read model that nobody waits for reads it: a processor on it starts a batch at most once
 * per {@code pace}. Under a steady load each batch then holds the events of a whole pace, not the one or two that
 * came since the last batch, and a batch's fixed costs (its token update, one bulk write per collection, its
 * commit) are paid once for all of them. An event that comes after a quiet spell is handed over at once: only a
 * batch that would start less than a pace after the last one waits, and only while the processor keeps up: one whose
 * next event is older than {@link #BEHIND_PACES} paces (a rebuild, a processor started after downtime, one that
 * fell behind) reads as fast as it can. (Told instead by whether its last batch was full, a rebuild took 1.16× the
 * time of one unpaced; told by its events' age, three rounds side by side gave 1.04× the time and 1.03× the CPU,
 * one of them faster paced: within the machine's noise, see docs/measurements.md.)
 *
 * <p>Read models that answer a client's read of its own write (task and complaint views, inspection rounds) read
 * the store directly (decision 0018).
 */
public final class PacedEventSource extends DecoratedEventSource {

    /** A processor whose next event is older than this many paces is catching up, and is not held back. */
    static final int BEHIND_PACES = 10;

    private final Duration pace;
    private final Clock clock;

    /** {@code clock}: the one events are stamped by, to tell how far behind a processor is. */
    public PacedEventSource(StreamableMessageSource<TrackedEventMessage<?>> delegate, Duration pace, Clock clock) {
        super(delegate);
        this.pace = pace;
        this.clock = clock;
    }

    @Override
    BlockingStream<TrackedEventMessage<?>> decorate(BlockingStream<TrackedEventMessage<?>> stream) {
        return pace.isZero() || pace.isNegative() ? stream : new PacedStream(stream, pace, clock, Ticker.SYSTEM);
    }

    /** The time, and a wait, as a paced stream sees them; tests replace them. */
    interface Ticker {
        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(long nanos) throws InterruptedException {
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
        };

        long nanoTime();

        void sleep(long nanos) throws InterruptedException;
    }

    /**
     * A tracking processor asks with a timeout for the first event of each batch and without one for the rest
     * ({@code peek}, {@code hasNextAvailable()}); only the first question waits here.
     */
    static final class PacedStream extends DecoratedStream {

        private final long paceNanos;
        private final Duration behind;
        private final Clock clock;
        private final Ticker ticker;
        /** When the last batch was handed its first event ({@link Ticker#nanoTime()}); the processor's thread alone. */
        private long lastBatch;

        PacedStream(BlockingStream<TrackedEventMessage<?>> delegate, Duration pace, Clock clock, Ticker ticker) {
            super(delegate);
            this.paceNanos = pace.toNanos();
            this.behind = pace.multipliedBy(BEHIND_PACES);
            this.clock = clock;
            this.ticker = ticker;
            this.lastBatch = ticker.nanoTime() - paceNanos;
        }

        @Override
        boolean batchStarts(long timeoutNanos) throws InterruptedException {
            long wait = lastBatch + paceNanos - ticker.nanoTime();
            if (wait > 0 && !catchingUp()) {
                ticker.sleep(wait);
            }
            lastBatch = ticker.nanoTime();
            return true;
        }

        private boolean catchingUp() {
            Instant keptUpTo = clock.instant().minus(behind);
            return delegate.peek().map(next -> next.getTimestamp().isBefore(keptUpTo)).orElse(false);
        }
    }
}
