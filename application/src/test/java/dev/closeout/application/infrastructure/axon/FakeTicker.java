package dev.closeout.application.infrastructure.axon;

import java.util.ArrayList;
import java.util.List;

/** The time as a paced or held stream sees it, moved by the test alone: a sleep is recorded and passes at once. */
final class FakeTicker implements PacedEventSource.Ticker {

    final List<Long> slept = new ArrayList<>();
    private long now = 1_000_000_000L;

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
