package dev.closeout.application.infrastructure.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A paced read model starts a batch at most once a pace while it keeps up, and never holds back an event after a
 * quiet spell nor a processor catching up (its next event older than ten paces). The time is the test's own: nothing
 * here waits.
 */
class PacedEventSourceTest {

    private static final long PACE = TimeUnit.MILLISECONDS.toNanos(250);
    private static final int BATCH_SIZE = 3;
    private static final Instant NOW = Instant.parse("2026-03-11T02:00:00Z");
    /** Ten paces and a little more before now: a processor whose next event is this old is catching up. */
    private static final Instant BEHIND = NOW.minusMillis(2_600);

    private final FakeTicker ticker = new FakeTicker();
    private final Arrivals arrivals = new Arrivals();
    private final PacedEventSource.PacedStream stream = new PacedEventSource.PacedStream(arrivals,
            Duration.ofNanos(PACE), Clock.fixed(NOW, ZoneOffset.UTC), ticker);

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
        // a rebuild: its batches end where the store's fetches do, full or not
        arrivals.add(7, BEHIND);

        assertThat(takeBatch()).isEqualTo(BATCH_SIZE);
        assertThat(takeBatch()).isEqualTo(BATCH_SIZE);
        assertThat(takeBatch()).isEqualTo(1);
        arrivals.add(1, BEHIND);
        assertThat(takeBatch()).isEqualTo(1);
        assertThat(ticker.slept).isEmpty();

        // caught up, it is paced again
        arrivals.add(1, NOW.minusMillis(2_400));
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

    /** Events already stored: the stream has them at once, and nothing more. */
    private static final class Arrivals implements BlockingStream<TrackedEventMessage<?>> {
        private final Deque<TrackedEventMessage<?>> events = new ArrayDeque<>();
        private long index;

        /** Events stamped now: a processor that takes them keeps up. */
        void add(int count) {
            add(count, NOW);
        }

        void add(int count, Instant stamped) {
            for (int i = 0; i < count; i++) {
                events.add(new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(index++),
                        new GenericEventMessage<>(UUID.randomUUID().toString(), "event " + index, MetaData.emptyInstance(),
                                stamped)));
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
