package dev.closeout.application.infrastructure.readmodel;

import dev.closeout.projections.ledger.LedgerLines;
import dev.closeout.projections.ledger.PendingDecisions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The read behind the supervisor desk: the tasks whose requests wait on a decision. */
@Configuration
class DeskReads {

    @Bean
    PendingDecisions pendingDecisions(LedgerLines lines) {
        return new PendingDecisions(lines);
    }
}
