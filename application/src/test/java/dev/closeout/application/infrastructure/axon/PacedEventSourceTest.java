package dev.closeout.application.infrastructure.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A paced read model starts a batch at most once a pace while it keeps up, and never holds back an event after a
 * quiet spell nor a processor catching up. The time is the test's own: nothing here waits.
 */
class PacedEventSourceTest {

    private static final long PACE = TimeUnit.MILLISECONDS.toNanos(250);
    private static final int BATCH_SIZE = 3;

    private final FakeTicker ticker = new FakeTicker();
    private final Arrivals arrivals = new Arrivals();
    private final PacedEventSource.PacedStream stream = new PacedEventSource.PacedStream(arrivals, PACE, BATCH_SIZE, ticker);

    @Test
    void anEventAfterAQuietSpellIsHandedOverAtOnce() throws Exception {
        ticker.advance(TimeUnit.SECONDS.toNanos(10));
        arrivals.add(1);

        assertThat(stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(ticker.slept).isEmpty();
    }

    @Test
    void aBatchThatWouldStartWithinAPaceOfTheLastWaitsForTheRestOfThePace() throws Exception {
        arrivals.add(1);
        assertThat(takeBatch()).isEqualTo(1);
        ticker.advance(TimeUnit.MILLISECONDS.toNanos(30));
        arrivals.add(1);

        assertThat(stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(ticker.slept).containsExactly(PACE - TimeUnit.MILLISECONDS.toNanos(30));

        // what came during the wait is in the same batch
        arrivals.add(1);
        assertThat(takeRest()).isEqualTo(2);
        assertThat(ticker.slept).hasSize(1);
    }

    @Test
    void aBatchAPaceOrMoreAfterTheLastStartsAtOnce() throws Exception {
        arrivals.add(1);
        takeBatch();
        ticker.advance(PACE);
        arrivals.add(1);

        assertThat(stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(ticker.slept).isEmpty();
    }

    @Test
    void aProcessorCatchingUpIsNotHeldBack() throws Exception {
        arrivals.add(7);

        assertThat(takeBatch()).isEqualTo(BATCH_SIZE);
        assertThat(takeBatch()).isEqualTo(BATCH_SIZE);
        assertThat(takeBatch()).isEqualTo(1);
        assertThat(ticker.slept).isEmpty();

        // caught up, it is paced again
        arrivals.add(1);
        assertThat(stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(ticker.slept).containsExactly(PACE);
    }

    @Test
    void theRestOfABatchIsAskedForWithoutWaiting() throws Exception {
        arrivals.add(1);
        takeBatch();
        arrivals.add(1);

        assertThat(stream.hasNextAvailable()).isTrue();
        assertThat(stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(stream.peek()).isPresent();
        assertThat(ticker.slept).isEmpty();
    }

    @Test
    void nothingComingMeansNoWait() throws Exception {
        arrivals.add(1);
        takeBatch();

        assertThat(stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(ticker.slept).isEmpty();
    }

    /** As a tracking processor does: the first event with a timeout, the rest while they are there, up to a batch. */
    private int takeBatch() throws InterruptedException {
        return stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS) ? takeRest() : 0;
    }

    /** A batch's events once the first is there. */
    private int takeRest() throws InterruptedException {
        stream.nextAvailable();
        int taken = 1;
        while (taken < BATCH_SIZE && stream.peek().isPresent()) {
            stream.nextAvailable();
            taken++;
        }
        return taken;
    }

    private static final class FakeTicker implements PacedEventSource.Ticker {
        private long now = 1_000_000_000L;
        private final List<Long> slept = new ArrayList<>();

        void advance(long nanos) {
            now += nanos;
        }

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(long nanos) {
            slept.add(nanos);
            now += nanos;
        }
    }

    /** Events already stored: the stream has them at once, and nothing more. */
    private static final class Arrivals implements BlockingStream<TrackedEventMessage<?>> {
        private final Deque<TrackedEventMessage<?>> events = new ArrayDeque<>();
        private long index;

        void add(int count) {
            for (int i = 0; i < count; i++) {
                events.add(new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(index++),
                        GenericEventMessage.asEventMessage("event " + index)));
            }
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.ofNullable(events.peek());
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) {
            return !events.isEmpty();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() {
            return events.remove();
        }

        @Override
        public void close() {
        }
    }
}
