package dev.closeout.application.deadline;

import dev.closeout.application.infrastructure.readmodel.ReadModelVersions;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the deadline sweep every {@code closeout.sweep.interval} (default one minute), the first
 * right after start-up so that deadlines passed while the application was down are recorded at once.
 * Before each, read models built under another version (the due-date index under another deadline
 * policy, the ledgers in another layout) are rebuilt ({@link ReadModelVersions}), so no sweep reads
 * days filed under an old policy; one another instance still holds is tried again each time.
 */
@Component
class SweepTrigger {

    private final DueDateSweep sweep;
    private final ReadModelVersions versions;

    SweepTrigger(DueDateSweep sweep, ReadModelVersions versions) {
        this.sweep = sweep;
        this.versions = versions;
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${closeout.sweep.interval:PT1M}")
    void sweep() {
        versions.upgrade();
        sweep.sweep();
    }
}
