package dev.closeout.application.infrastructure.readmodel;

import com.mongodb.client.MongoDatabase;
import dev.closeout.application.infrastructure.mongo.ReadModelStore;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.complaint.OpenComplaints;
import dev.closeout.projections.ledger.LedgerLines;
import dev.closeout.projections.ledger.OpenTasks;
import dev.closeout.projections.support.OfficeZone;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The reads behind the workspace's worklist: a department's open tasks and complaints. */
@Configuration
class WorklistReads {

    @Bean
    OpenTasks openTasks(LedgerLines lines, OfficeZone zone, Clock clock, DeadlinePolicy policy) {
        return new OpenTasks(lines, zone, clock, policy);
    }

    @Bean
    OpenComplaints openComplaints(@ReadModelStore MongoDatabase database) {
        return new OpenComplaints(database);
    }
}
