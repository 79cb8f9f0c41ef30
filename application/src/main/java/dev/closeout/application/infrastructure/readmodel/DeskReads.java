package dev.closeout.application.infrastructure.readmodel;

import com.mongodb.client.MongoDatabase;
import dev.closeout.projections.ledger.PendingDecisions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The read behind the supervisor desk: the tasks whose requests wait on a decision. */
@Configuration
class DeskReads {

    @Bean
    PendingDecisions pendingDecisions(MongoDatabase database) {
        return new PendingDecisions(database);
    }
}
