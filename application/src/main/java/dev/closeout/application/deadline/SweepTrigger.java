package dev.closeout.application.deadline;

import dev.closeout.application.infrastructure.readmodel.ReadModelVersions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Runs the deadline sweep every {@code closeout.sweep.interval} (default one minute), the first
 * right after start-up so that deadlines passed while the application was down are recorded at once.
 * Before each, read models built under another version (the due-date index under another deadline
 * policy, the ledgers in another layout) are rebuilt ({@link ReadModelVersions}), so no sweep reads
 * days filed under an old policy; one another instance still holds is tried again each time.
 * <p>
 * A sweep postponed while the due-date index catches up is tried again at once (each try waits a
 * while for the index) until it runs or the interval has passed, rather than a whole interval later:
 * under a steady stream of commands a sweep still runs within its interval.
 */
@Component
class SweepTrigger {

    private final DueDateSweep sweep;
    private final ReadModelVersions versions;
    private final Duration interval;

    SweepTrigger(DueDateSweep sweep, ReadModelVersions versions,
                 @Value("${closeout.sweep.interval:PT1M}") Duration interval) {
        this.sweep = sweep;
        this.versions = versions;
        this.interval = interval;
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${closeout.sweep.interval:PT1M}")
    void sweep() {
        sweepWithin(interval);
    }

    /** One sweep, tried again while it is postponed, for at most {@code within}; what the last try did. */
    DueDateSweep.Result sweepWithin(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        versions.upgrade();
        DueDateSweep.Result result = sweep.sweep();
        while (!result.swept() && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            result = sweep.sweep();
        }
        return result;
    }
}
