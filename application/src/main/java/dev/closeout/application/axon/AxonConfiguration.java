package dev.closeout.application.axon;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.closeout.application.eventstore.MongoEventStorageEngine;
import dev.closeout.application.mongo.Durability;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.complaint.Complaint;
import dev.closeout.domain.task.Task;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.spring.config.annotation.SpringBeanParameterResolverFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.config.SpringConfigurer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import java.time.Duration;

/**
 * Axon on MongoDB: our gap-aware event storage engine, axon-mongo's token store, the Task and
 * Complaint aggregates with snapshots, and tracking processors that stop on a failing handler and retry
 * rather than skip an event (a skipped event would leave a read model wrong for good).
 */
@org.springframework.context.annotation.Configuration
public class AxonConfiguration {

    @Bean
    EventStorageEngine eventStorageEngine(MongoDatabase database, ObjectMapper mapper,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          Durability durability,
                                          @Value("${closeout.event-store.gap-timeout:PT60S}") Duration gapTimeout) {
        return MongoEventStorageEngine.builder()
                .database(database)
                .snapshotSerializer(snapshotSerializer(mapper))
                .eventSerializer(eventSerializer)
                .durability(durability)
                .gapTimeout((int) gapTimeout.toMillis())
                .build();
    }

    /**
     * Aggregates keep their state in private fields with no getters (they answer commands, not
     * questions), so snapshots are written field by field rather than through accessors.
     */
    static Serializer snapshotSerializer(ObjectMapper mapper) {
        ObjectMapper fields = mapper.copy()
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        return JacksonSerializer.builder().objectMapper(fields).build();
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
        return snapshotted(Task.class, snapshotThreshold);
    }

    @Bean
    ConfigurerModule complaintAggregate(@Value("${closeout.snapshot-threshold:100}") int snapshotThreshold) {
        return snapshotted(Complaint.class, snapshotThreshold);
    }

    private static <A> ConfigurerModule snapshotted(Class<A> aggregate, int snapshotThreshold) {
        return configurer -> configurer.configureAggregate(
                AggregateConfigurer.defaultConfiguration(aggregate)
                        .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(
                                c.snapshotter(), snapshotThreshold)));
    }

    /**
     * Lets the snapshotter (which finds factories among the beans) create empty tasks to snapshot.
     * The task's handlers take Spring beans as parameters (the escalation ladder), so its model
     * is inspected with the application context as a source of parameters.
     */
    @Bean
    AggregateFactory<Task> taskAggregateFactory(ApplicationContext context) {
        return aggregateFactory(Task.class, context);
    }

    /** As for tasks: the complaint's handlers take the clock and the escalation ladder from Spring. */
    @Bean
    AggregateFactory<Complaint> complaintAggregateFactory(ApplicationContext context) {
        return aggregateFactory(Complaint.class, context);
    }

    private static <T> AggregateFactory<T> aggregateFactory(Class<T> aggregate, ApplicationContext context) {
        ParameterResolverFactory parameters = MultiParameterResolverFactory.ordered(
                ClasspathParameterResolverFactory.forClass(aggregate),
                new SpringBeanParameterResolverFactory(context));
        return new GenericAggregateFactory<>(AnnotatedAggregateMetaModelFactory.inspectAggregate(aggregate, parameters));
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
