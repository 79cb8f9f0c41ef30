package dev.closeout.application.infrastructure.audit;

import com.mongodb.client.MongoDatabase;
import dev.closeout.application.infrastructure.eventstore.EventChain;
import dev.closeout.application.infrastructure.eventstore.MongoEventStorageEngine;
import dev.closeout.projections.support.OfficeZone;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

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

    @Bean(destroyMethod = "close")
    RecordedReads recordedReads(EventStore store, @Value("${closeout.audit.read-record-wait:PT0.02S}") Duration wait,
                                @Value("${closeout.audit.read-record-capacity:10000}") int capacity) {
        return new RecordedReads(store, wait, capacity);
    }
}
