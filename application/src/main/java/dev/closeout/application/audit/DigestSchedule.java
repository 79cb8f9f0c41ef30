package dev.closeout.application.audit;

import dev.closeout.application.infrastructure.audit.ChainAudit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Seals a store written before events were hashed (once, the first run after the upgrade), and
 * records the day's digest of the chain heads: checked every {@code closeout.audit.digest-check}
 * (default one hour), the first right after start-up, and recorded when none was yet recorded on
 * the current day in the office's zone, so a day the application was down at midnight still gets its digest.
 */
@Component
class DigestSchedule {

    private final ChainAudit audit;

    DigestSchedule(ChainAudit audit) {
        this.audit = audit;
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${closeout.audit.digest-check:PT1H}")
    void daily() {
        audit.sealAndRecordDailyDigest();
    }
}
