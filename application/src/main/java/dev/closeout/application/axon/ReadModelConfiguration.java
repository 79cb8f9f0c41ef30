package dev.closeout.application.axon;

import com.mongodb.client.MongoDatabase;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.complaint.ComplaintLedgerProjection;
import dev.closeout.projections.complaint.ComplaintLedgerQueries;
import dev.closeout.projections.complaint.ComplaintViewProjection;
import dev.closeout.projections.complaint.ComplaintViews;
import dev.closeout.projections.ledger.LedgerProjection;
import dev.closeout.projections.ledger.LedgerQueries;
import dev.closeout.projections.support.LedgerZones;
import dev.closeout.projections.task.TaskViewProjection;
import dev.closeout.projections.task.TaskViews;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The read models and their queries. Axon finds the projections' event handlers on these beans. */
@Configuration
public class ReadModelConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    LedgerZones ledgerZones(LedgerProperties properties) {
        return properties.ledgerZones();
    }

    @Bean
    TaskViewProjection taskViewProjection(MongoDatabase database, LedgerZones zones) {
        return new TaskViewProjection(database, zones);
    }

    @Bean
    LedgerProjection ledgerProjection(MongoDatabase database, LedgerZones zones, LedgerProperties properties) {
        return new LedgerProjection(database, zones, properties.linesPerBucket());
    }

    @Bean
    TaskViews taskViews(MongoDatabase database) {
        return new TaskViews(database);
    }

    @Bean
    LedgerQueries ledgerQueries(MongoDatabase database, LedgerZones zones, Clock clock, DeadlinePolicy policy) {
        return new LedgerQueries(database, zones, clock, policy);
    }

    @Bean
    ComplaintViewProjection complaintViewProjection(MongoDatabase database) {
        return new ComplaintViewProjection(database);
    }

    @Bean
    ComplaintLedgerProjection complaintLedgerProjection(MongoDatabase database, LedgerZones zones,
                                                        LedgerProperties properties) {
        return new ComplaintLedgerProjection(database, zones, properties.linesPerBucket());
    }

    @Bean
    ComplaintViews complaintViews(MongoDatabase database) {
        return new ComplaintViews(database);
    }

    @Bean
    ComplaintLedgerQueries complaintLedgerQueries(MongoDatabase database, LedgerZones zones, Clock clock) {
        return new ComplaintLedgerQueries(database, zones, clock);
    }
}
