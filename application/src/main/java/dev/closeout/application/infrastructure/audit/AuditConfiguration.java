package dev.closeout.application.infrastructure.audit;

import com.mongodb.client.MongoDatabase;
import dev.closeout.application.infrastructure.eventstore.EventChain;
import dev.closeout.application.infrastructure.eventstore.MongoEventStorageEngine;
import dev.closeout.projections.support.OfficeZone;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The audit of the event store's hash chains, over the chain of the application's storage engine. */
@Configuration
public class AuditConfiguration {

    @Bean
    ChainAudit chainAudit(EventStorageEngine engine, MongoDatabase database, OfficeZone zone, Clock clock) {
        EventChain chain = ((MongoEventStorageEngine) engine).chain();
        ChainSeal seal = new ChainSeal(chain, database);
        Digests digests = new Digests(chain, database, zone);
        return new ChainAudit(seal, digests, new ChainVerifier(chain, digests, seal), clock);
    }
}
