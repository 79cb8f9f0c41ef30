package dev.closeout.application.deadline;

import com.mongodb.client.MongoDatabase;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.TestClock;
import dev.closeout.projections.deadline.DueDateIndexProjection;
import org.bson.Document;

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

    /**
     * Puts the shared clock back after a test moved it, and forgets the sweep's mark: a mark on a day
     * ahead of the reset clock would make later sweeps skip today.
     */
    static void putTimeBack(TestClock clock, MongoDatabase database) {
        clock.reset();
        database.getCollection(DueDateIndexProjection.MARKS).deleteOne(new Document("_id", "swept"));
    }
}
