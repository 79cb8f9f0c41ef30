package dev.closeout.application.report;

import dev.closeout.projections.ledger.LedgerQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The cadence on the calendar: every {@code closeout.reports.schedule.check} (default one hour, the first an
 * hour after start-up) the reports due today of every ledger are generated ({@link Reports#generateDue}).
 */
@Component
class ReportSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(ReportSchedule.class);

    private final Reports reports;
    private final LedgerQueries ledgers;

    ReportSchedule(Reports reports, LedgerQueries ledgers) {
        this.reports = reports;
        this.ledgers = ledgers;
    }

    @Scheduled(initialDelayString = "${closeout.reports.schedule.check:PT1H}",
            fixedDelayString = "${closeout.reports.schedule.check:PT1H}")
    void generateDue() {
        int made = reports.generateDue(ledgers.names()).size();
        if (made > 0) {
            LOG.info("Generated {} scheduled reports", made);
        }
    }
}
