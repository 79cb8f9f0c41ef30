package dev.closeout.application.axon;

import com.mongodb.client.MongoDatabase;
import dev.closeout.application.eventstore.MongoEventStorageEngine;
import dev.closeout.application.mongo.Durability;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.task.Task;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.config.SpringConfigurer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;

import java.time.Duration;

/**
 * Axon on MongoDB: our gap-aware event storage engine, axon-mongo's token store, the Task
 * aggregate with snapshots, and tracking processors that stop on a failing handler and retry
 * rather than skip an event (a skipped event would leave a read model wrong for good).
 */
@org.springframework.context.annotation.Configuration
public class AxonConfiguration {

    @Bean
    EventStorageEngine eventStorageEngine(MongoDatabase database, Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          Durability durability,
                                          @Value("${closeout.event-store.gap-timeout:PT60S}") Duration gapTimeout) {
        return MongoEventStorageEngine.builder()
                .database(database)
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .durability(durability)
                .gapTimeout((int) gapTimeout.toMillis())
                .build();
    }

    @Bean
    TokenStore tokenStore(MongoDatabase database, Serializer serializer) {
        MongoTokenStore store = MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database).build())
                .serializer(serializer)
                .build();
        store.ensureIndexes();
        return store;
    }

    @Bean
    ConfigurerModule taskAggregate(@Value("${closeout.snapshot-threshold:100}") int snapshotThreshold) {
        return configurer -> configurer.configureAggregate(
                AggregateConfigurer.defaultConfiguration(Task.class)
                        .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(
                                c.snapshotter(), snapshotThreshold)));
    }

    @Bean
    ConfigurerModule trackingProcessors(@Value("${closeout.projections.batch-size:100}") int batchSize) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .usingTrackingEventProcessors()
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                .registerTrackingEventProcessorConfiguration(c -> TrackingEventProcessorConfiguration
                        .forSingleThreadedProcessing()
                        .andBatchSize(batchSize)
                        .andInitialTrackingToken(StreamableMessageSource::createTailToken)));
    }

    @Bean
    EscalationLadder escalationLadder(EscalationProperties properties) {
        return properties.ladder();
    }
}
