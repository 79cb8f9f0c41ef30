package dev.closeout.application.deadline;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the deadline sweep every {@code closeout.sweep.interval} (default one minute), the first
 * right after start-up so that deadlines passed while the application was down are recorded at once.
 * Before the first, the due-date index is filed again if the deadline policy changed meanwhile
 * ({@link DueDateIndexRefiling}), so no sweep reads days filed under the old policy.
 */
@Component
class SweepTrigger {

    private final DueDateSweep sweep;
    private final DueDateIndexRefiling refiling;

    SweepTrigger(DueDateSweep sweep, DueDateIndexRefiling refiling) {
        this.sweep = sweep;
        this.refiling = refiling;
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${closeout.sweep.interval:PT1M}")
    void sweep() {
        refiling.refileIfPolicyChanged();
        sweep.sweep();
    }
}
