package dev.closeout.application.axon;

import com.mongodb.client.MongoDatabase;
import dev.closeout.projections.ledger.LedgerProjection;
import dev.closeout.projections.ledger.LedgerQueries;
import dev.closeout.projections.support.LedgerZones;
import dev.closeout.projections.task.TaskViewProjection;
import dev.closeout.projections.task.TaskViews;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;

/** The read models and their queries. Axon finds the projections' event handlers on these beans. */
@Configuration
public class ReadModelConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    LedgerZones ledgerZones(@Value("${closeout.ledger.zone:Asia/Shanghai}") ZoneId zone,
                            LedgerZoneProperties overrides) {
        return new LedgerZones(zone, overrides.zones() == null ? Map.of() : overrides.zones());
    }

    @Bean
    TaskViewProjection taskViewProjection(MongoDatabase database, LedgerZones zones) {
        return new TaskViewProjection(database, zones);
    }

    @Bean
    LedgerProjection ledgerProjection(MongoDatabase database, LedgerZones zones) {
        return new LedgerProjection(database, zones);
    }

    @Bean
    TaskViews taskViews(MongoDatabase database) {
        return new TaskViews(database);
    }

    @Bean
    LedgerQueries ledgerQueries(MongoDatabase database, LedgerZones zones, Clock clock) {
        return new LedgerQueries(database, zones, clock);
    }
}
