package dev.closeout.application.infrastructure.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Processors replaying together keep within a window of the slowest: one further ahead is told no event is there
 * yet until the others come closer, while the slowest, a processor keeping up, and one ahead of a processor that
 * stopped moving on are never held back. The time is the test's own: nothing here waits.
 */
class ReplayConvoyTest {

    private static final Instant NOW = Instant.parse("2026-03-11T02:00:00Z");
    /** Older than the gap timeout: a processor reading this far back is replaying. */
    private static final Instant REPLAYED = NOW.minus(Duration.ofDays(30));
    private static final long WINDOW = 8_192;

    private final FakeTicker ticker = new FakeTicker();
    private final ReplayConvoy convoy = new ReplayConvoy(WINDOW, Duration.ofSeconds(60), Duration.ofSeconds(10),
            Clock.fixed(NOW, ZoneOffset.UTC), ticker);
    private final Next lightNext = new Next();
    private final Next heavyNext = new Next();
    private final BlockingStream<TrackedEventMessage<?>> light = open(lightNext);
    private final BlockingStream<TrackedEventMessage<?>> heavy = open(heavyNext);

    @Test
    void aProcessorMoreThanTheWindowAheadOfTheSlowestWaitsUntilItComesCloser() throws Exception {
        heavyNext.at(1_000, REPLAYED);
        assertThat(heavy.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
        lightNext.at(1_000 + WINDOW + 1, REPLAYED);

        assertThat(light.hasNextAvailable(1, TimeUnit.SECONDS)).as("held back for its timeout").isFalse();
        assertThat(ticker.slept.stream().mapToLong(Long::longValue).sum()).isEqualTo(TimeUnit.SECONDS.toNanos(1));
        // the slowest is never held back
        ticker.slept.clear();
        assertThat(heavy.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
        assertThat(ticker.slept).isEmpty();

        heavyNext.at(1_001, REPLAYED);
        assertThat(heavy.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
        assertThat(light.hasNextAvailable(1, TimeUnit.SECONDS)).as("within the window again").isTrue();
        assertThat(ticker.slept).isEmpty();
    }

    @Test
    void aProcessorWithinTheWindowIsNotHeldBack() throws Exception {
        heavyNext.at(1_000, REPLAYED);
        heavy.hasNextAvailable(1, TimeUnit.SECONDS);
        lightNext.at(1_000 + WINDOW, REPLAYED);

        assertThat(light.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
        assertThat(ticker.slept).isEmpty();
    }

    @Test
    void aProcessorKeepingUpIsNeverHeldBack() throws Exception {
        heavyNext.at(1_000, REPLAYED);
        heavy.hasNextAvailable(1, TimeUnit.SECONDS);
        lightNext.at(100_000, NOW.minusSeconds(5));

        assertThat(light.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
        assertThat(ticker.slept).isEmpty();
        assertThat(convoy.catchingUp()).isEqualTo(1);
    }

    @Test
    void aProcessorThatStopsMovingOnNoLongerHoldsTheOthersBack() throws Exception {
        heavyNext.at(1_000, REPLAYED);
        heavy.hasNextAvailable(1, TimeUnit.SECONDS);
        lightNext.at(50_000, REPLAYED);
        assertThat(light.hasNextAvailable(1, TimeUnit.SECONDS)).isFalse();

        // the heavy processor fails on its batch and retries it, asking again at the same place
        for (int retry = 0; retry < 4; retry++) {
            ticker.advance(TimeUnit.SECONDS.toNanos(2));
            assertThat(heavy.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(light.hasNextAvailable(1, TimeUnit.SECONDS)).as("nine seconds without moving on").isFalse();
        ticker.advance(TimeUnit.SECONDS.toNanos(2));
        heavy.hasNextAvailable(1, TimeUnit.SECONDS);
        assertThat(light.hasNextAvailable(1, TimeUnit.SECONDS)).as("left behind after ten").isTrue();
    }

    @Test
    void aClosedStreamNoLongerHoldsTheOthersBack() throws Exception {
        heavyNext.at(1_000, REPLAYED);
        heavy.hasNextAvailable(1, TimeUnit.SECONDS);
        heavy.close();
        lightNext.at(50_000, REPLAYED);

        assertThat(light.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void noWindowMeansTheStoreItself() {
        @SuppressWarnings("unchecked")
        StreamableMessageSource<TrackedEventMessage<?>> store = mock(StreamableMessageSource.class);

        assertThat(new ReplayConvoy(0, Duration.ofSeconds(60), Duration.ofSeconds(10), Clock.systemUTC()).source(store))
                .isSameAs(store);
    }

    private BlockingStream<TrackedEventMessage<?>> open(Next next) {
        @SuppressWarnings("unchecked")
        StreamableMessageSource<TrackedEventMessage<?>> store = mock(StreamableMessageSource.class);
        when(store.openStream(null)).thenReturn(next);
        return convoy.source(store).openStream(null);
    }

    /** A store with one event ahead of its reader, moved by the test. */
    private static final class Next implements BlockingStream<TrackedEventMessage<?>> {
        private TrackedEventMessage<?> next;

        void at(long globalIndex, Instant stamped) {
            TrackingToken token = GapAwareTrackingToken.newInstance(globalIndex, Collections.emptySortedSet());
            next = new GenericTrackedEventMessage<>(token, new GenericEventMessage<>(UUID.randomUUID().toString(),
                    "event " + globalIndex, MetaData.emptyInstance(), stamped));
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.ofNullable(next);
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) {
            return next != null;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() {
            return next;
        }

        @Override
        public void close() {
        }
    }
}
