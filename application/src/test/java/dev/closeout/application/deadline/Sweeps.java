package dev.closeout.application.deadline;

import dev.closeout.application.support.Eventually;

import java.time.Duration;

/**
 * A sweep a test means to run: the due-date index takes in what the test just stored a moment
 * later, and until then a sweep rightly postpones, so tests wait for the index rather than for
 * luck. A postponed sweep changes nothing, so trying again is safe.
 */
final class Sweeps {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private Sweeps() {
    }

    static DueDateSweep.Result sweptOnceCaughtUp(DueDateSweep sweep) {
        return Eventually.until(WAIT, () -> {
            Eventually.until(WAIT, sweep::indexCaughtUp, caughtUp -> caughtUp);
            return sweep.sweep();
        }, DueDateSweep.Result::swept);
    }

    /** Waits until every one of {@code sweeps} would read the whole index. */
    static void awaitIndexCaughtUp(DueDateSweep... sweeps) {
        for (DueDateSweep sweep : sweeps) {
            Eventually.until(WAIT, sweep::indexCaughtUp, caughtUp -> caughtUp);
        }
    }
}
