package dev.closeout.application.deadline;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the deadline sweep every {@code closeout.sweep.interval} (default one minute), the first
 * right after start-up so that deadlines passed while the application was down are recorded at once.
 */
@Component
class SweepTrigger {

    private final DueDateSweep sweep;

    SweepTrigger(DueDateSweep sweep) {
        this.sweep = sweep;
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${closeout.sweep.interval:PT1M}")
    void sweep() {
        sweep.sweep();
    }
}
