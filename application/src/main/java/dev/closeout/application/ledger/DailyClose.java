package dev.closeout.application.ledger;

import dev.closeout.projections.ledger.LedgerQueries;
import dev.closeout.projections.support.OfficeZone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;

/**
 * Records yesterday's close (日结) of every ledger: checked every {@code closeout.ledger.close-check}
 * (default one hour), the first right after start-up, so that quiet ledgers and a day the application was
 * down at midnight are closed too. A close already recorded is read, not recomputed; a day is recorded
 * only once it is {@link LedgerQueries#SETTLED settled} and not while the ledger read model is being rebuilt
 * (decision 0012).
 */
@Component
class DailyClose {

    private static final Logger log = LoggerFactory.getLogger(DailyClose.class);

    private final LedgerQueries ledgers;
    private final OfficeZone zone;
    private final Clock clock;

    DailyClose(LedgerQueries ledgers, OfficeZone zone, Clock clock) {
        this.ledgers = ledgers;
        this.zone = zone;
        this.clock = clock;
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${closeout.ledger.close-check:PT1H}")
    void closeYesterday() {
        LocalDate yesterday = zone.today(clock).minusDays(1);
        for (String ledger : ledgers.names()) {
            try {
                ledgers.summary(ledger, yesterday);
            } catch (RuntimeException e) {
                log.warn("Could not close ledger {} for {}; tried again at the next check", ledger, yesterday, e);
            }
        }
    }
}
