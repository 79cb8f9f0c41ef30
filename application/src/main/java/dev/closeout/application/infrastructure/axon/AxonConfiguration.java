package dev.closeout.application.infrastructure.axon;

import dev.closeout.application.infrastructure.readmodel.ReadModelVersions;
import dev.closeout.application.infrastructure.readmodel.RebuiltReadModels;
import dev.closeout.application.infrastructure.readmodel.TokenlessReadModels;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.closeout.application.infrastructure.eventstore.MongoEventStorageEngine;
import dev.closeout.application.infrastructure.mongo.Durability;
import dev.closeout.application.infrastructure.mongo.EmbeddedMongoServer;
import dev.closeout.application.infrastructure.mongo.ReadModelStore;
import dev.closeout.application.infrastructure.readmodel.ReadYourWrites;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.complaint.Complaint;
import dev.closeout.domain.complaint.ComplaintEvent;
import dev.closeout.domain.inspection.InspectionEvent;
import dev.closeout.domain.inspection.InspectionRound;
import dev.closeout.domain.task.Task;
import dev.closeout.domain.task.TaskEvent;
import dev.closeout.projections.alert.AlertProjection;
import dev.closeout.projections.audit.AuditTrailProjection;
import dev.closeout.projections.complaint.ComplaintLedgerProjection;
import dev.closeout.projections.complaint.ComplaintViewProjection;
import dev.closeout.projections.deadline.DueDateIndexProjection;
import dev.closeout.projections.inspection.InspectionRoundProjection;
import dev.closeout.projections.ledger.LedgerProjection;
import dev.closeout.projections.referral.ReferralLedgerProjection;
import dev.closeout.projections.search.SearchProjection;
import dev.closeout.projections.support.EndOfBatch;
import dev.closeout.projections.task.TaskViewProjection;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.lifecycle.Phase;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.HandlerDefinition;

import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.spring.config.annotation.SpringBeanParameterResolverFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Axon on MongoDB: our gap-aware event storage engine, axon-mongo's token store, the Task,
 * Complaint and InspectionRound aggregates with snapshots, and tracking processors that never skip an
 * event (a skipped event would leave a read model wrong for good): a failure outside the handlers stops
 * the processor, which retries; an event a handler fails on is parked per item (see
 * {@code infrastructure.deadletter.DeadLetterConfiguration}).
 */
@org.springframework.context.annotation.Configuration
public class AxonConfiguration {

    /**
     * Read models no client waits for after its command: their processors start a batch at most once per
     * {@code closeout.projections.pace} ({@link PacedEventSource}). The others (task and complaint views, inspection
     * rounds, and the policies that register a task for a complaint or an inspection finding) answer reads of a
     * client's own write and take each event as it comes.
     */
    static final List<String> PACED_PROCESSING_GROUPS = List.of(AuditTrailProjection.PROCESSING_GROUP,
            LedgerProjection.PROCESSING_GROUP, SearchProjection.PROCESSING_GROUP, DueDateIndexProjection.PROCESSING_GROUP,
            AlertProjection.PROCESSING_GROUP, ReferralLedgerProjection.PROCESSING_GROUP,
            ComplaintLedgerProjection.PROCESSING_GROUP);

    /** The event store's gap timeout, which also tells which processors are replaying ({@link ReplayConvoy}). */
    private static final String GAP_TIMEOUT = "${closeout.event-store.gap-timeout:PT60S}";
    /** The settled events the event store holds, half of which is how far replaying processors may spread. */
    private static final String SETTLED_EVENTS_HELD = "${closeout.event-store.settled-events-held:16384}";

    @Bean
    EventTimestamps eventTimestamps(Clock clock) {
        return new EventTimestamps(clock);
    }

    @Bean
    @DependsOn("eventTimestamps")
    EventStorageEngine eventStorageEngine(MongoDatabase database, ObjectMapper mapper,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          Durability durability,
                                          @Value(GAP_TIMEOUT) Duration gapTimeout,
                                          @Value("${closeout.event-store.batch-size:100}") int batchSize,
                                          @Value(SETTLED_EVENTS_HELD) int settledEventsHeld) {
        return MongoEventStorageEngine.builder()
                .database(database)
                .batchSize(batchSize)
                .settledEventsHeld(settledEventsHeld)
                .snapshotSerializer(snapshotSerializer(mapper))
                .eventSerializer(eventSerializer)
                .durability(durability)
                .gapTimeout((int) gapTimeout.toMillis())
                .build();
    }

    /**
     * {@code closeout_event_store_tracked_total}: the events tracking processors read, {@code from="store"} or
     * {@code from="memory"} (settled events another processor had just read, {@code
     * closeout.event-store.settled-events-held}).
     */
    @Bean
    MeterBinder trackedEvents(EventStorageEngine engine) {
        return registry -> {
            if (engine instanceof MongoEventStorageEngine mongo) {
                FunctionCounter.builder("closeout.event.store.tracked", mongo, MongoEventStorageEngine::trackedFromStore)
                        .description("Events tracking processors read, from the store or held in memory")
                        .tag("from", "store").register(registry);
                FunctionCounter.builder("closeout.event.store.tracked", mongo, MongoEventStorageEngine::trackedHeld)
                        .description("Events tracking processors read, from the store or held in memory")
                        .tag("from", "memory").register(registry);
            }
        };
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
    TokenStore tokenStore(@ReadModelStore MongoDatabase database, Serializer serializer) {
        MongoTokenStore store = MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database).build())
                .serializer(serializer)
                .build();
        store.ensureIndexes();
        return store;
    }

    /**
     * The aggregates held between commands ({@link AggregateCache}): {@code closeout.aggregate-cache.size}
     * of them, by default 10,000 when this application holds its own embedded store and none on MongoDB,
     * where several instances may append to one item; 0 turns it off.
     */
    @Bean
    AggregateCache aggregateCache(ObjectProvider<EmbeddedMongoServer> ownStore,
                                  @Value("${closeout.aggregate-cache.size:}") String size) {
        int capacity = size.isBlank() ? (ownStore.getIfAvailable() != null ? 10_000 : 0) : Integer.parseInt(size.trim());
        return capacity > 0 ? new AggregateCache(capacity) : null;
    }

    @Bean
    ConfigurerModule taskAggregate(@Value("${closeout.snapshot-threshold:100}") int snapshotThreshold,
                                   ObjectProvider<AggregateCache> cache) {
        return snapshotted(Task.class, snapshotThreshold, cache.getIfAvailable());
    }

    @Bean
    ConfigurerModule complaintAggregate(@Value("${closeout.snapshot-threshold:100}") int snapshotThreshold,
                                        ObjectProvider<AggregateCache> cache) {
        return snapshotted(Complaint.class, snapshotThreshold, cache.getIfAvailable());
    }

    @Bean
    ConfigurerModule inspectionRoundAggregate(@Value("${closeout.snapshot-threshold:100}") int snapshotThreshold,
                                              ObjectProvider<AggregateCache> cache) {
        return snapshotted(InspectionRound.class, snapshotThreshold, cache.getIfAvailable());
    }

    /** Each command's target found through members looked up once per command class, for every aggregate. */
    private static final CommandTargetResolver COMMAND_TARGETS = new CachedCommandTargetResolver();

    /**
     * Tasks, complaints and inspection rounds share one event store and one form of id: a repository loads only
     * the events of its own kind, and holds its aggregates apart from the other kinds', so a command sent to a
     * task's address with a complaint's id finds no task (404), never the complaint.
     */
    private static <A> ConfigurerModule snapshotted(Class<A> aggregate, int snapshotThreshold, AggregateCache cache) {
        AggregateConfigurer<A> configurer = AggregateConfigurer.defaultConfiguration(aggregate)
                .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(c.snapshotter(), snapshotThreshold))
                .configureCommandTargetResolver(c -> COMMAND_TARGETS)
                .configureFilterEventsByType(c -> true);
        if (cache != null) {
            configurer.configureCache(c -> cache.of(aggregate));
        }
        return axon -> axon.configureAggregate(configurer);
    }

    /**
     * Axon's Spring Boot snapshotter runs on the thread that committed the triggering command, so
     * that command paid for a second full load of the aggregate, a serialisation and two writes
     * before it was answered. Snapshots only speed up later loads, so they are taken on a thread of
     * their own; the snapshotter already skips an aggregate whose snapshot is in progress, which
     * bounds the queue by the number of aggregates.
     */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(Configuration configuration, HandlerDefinition handlerDefinition,
                                                    ParameterResolverFactory parameterResolverFactory,
                                                    EventStore eventStore, TransactionManager transactionManager,
                                                    SnapshotterSpanFactory spanFactory,
                                                    @Qualifier("snapshotExecutor") Executor snapshotExecutor) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotExecutor)
                .build();
    }

    /** Shut down with the context; a snapshot still queued then is simply taken next time. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService snapshotExecutor() {
        return Executors.newSingleThreadExecutor(new AxonThreadFactory("snapshotter"));
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

    @Bean
    AggregateFactory<InspectionRound> inspectionRoundAggregateFactory(ApplicationContext context) {
        return aggregateFactory(InspectionRound.class, context);
    }

    private static <T> AggregateFactory<T> aggregateFactory(Class<T> aggregate, ApplicationContext context) {
        ParameterResolverFactory parameters = MultiParameterResolverFactory.ordered(
                ClasspathParameterResolverFactory.forClass(aggregate),
                new SpringBeanParameterResolverFactory(context));
        return new GenericAggregateFactory<>(AnnotatedAggregateMetaModelFactory.inspectAggregate(aggregate, parameters));
    }

    /**
     * Processors replaying together keep within half the settled events held of the slowest of them
     * ({@link ReplayConvoy}), so that each event is read from the store and deserialized about once; only events
     * older than the gap timeout are held, so only processors that far behind are held back.
     */
    @Bean
    ReplayConvoy replayConvoy(@Value(GAP_TIMEOUT) Duration gapTimeout,
                              @Value(SETTLED_EVENTS_HELD) int settledEventsHeld,
                              Clock clock) {
        return new ReplayConvoy(settledEventsHeld / 2, gapTimeout, Duration.ofSeconds(10), clock);
    }

    @Bean
    ConfigurerModule trackingProcessors(@Value("${closeout.projections.batch-size:1000}") int batchSize,
                                        @Value("${closeout.projections.pace:PT0.25S}") Duration pace,
                                        ReadYourWrites readYourWrites, ReplayConvoy convoy, Clock clock) {
        return configurer -> configurer.eventProcessing(processing -> {
            for (String paced : PACED_PROCESSING_GROUPS) {
                processing.registerTrackingEventProcessor(paced,
                        c -> new PacedEventSource(convoy.source(c.eventStore()), pace, clock));
            }
            processing
                    .configureDefaultStreamableMessageSource(c -> convoy.source(c.eventStore()))
                    .usingTrackingEventProcessors()
                    .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                    .registerDefaultHandlerInterceptor((c, processor) -> EndOfBatch.interceptor())
                    .registerHandlerInterceptor(TaskViewProjection.PROCESSING_GROUP,
                            c -> foldedInto(readYourWrites, TaskEvent.class))
                    .registerHandlerInterceptor(ComplaintViewProjection.PROCESSING_GROUP,
                            c -> foldedInto(readYourWrites, ComplaintEvent.class))
                    // a round's view; the task events it also takes in (its findings' tasks closed) are the task view's
                    .registerHandlerInterceptor(InspectionRoundProjection.PROCESSING_GROUP,
                            c -> foldedInto(readYourWrites, InspectionEvent.class))
                    .registerTrackingEventProcessorConfiguration(c -> processorConfiguration(batchSize)
                            .andInitialTrackingToken(StreamableMessageSource::createTailToken));
            // a read model built from no token is being rebuilt until it has taken in what was stored when it began
            for (String rebuilt : RebuiltReadModels.GROUPS) {
                processing.registerTrackingEventProcessorConfiguration(rebuilt, c -> processorConfiguration(batchSize)
                        .andInitialTrackingToken(TokenlessReadModels::firstToken));
            }
        });
    }

    private static TrackingEventProcessorConfiguration processorConfiguration(int batchSize) {
        return TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(batchSize);
    }

    /**
     * Read models with no token are given a replay's first token ({@link TokenlessReadModels}), and those built
     * under another version are reset ({@link ReadModelVersions}), just before the processors start, so their
     * replay begins with them and counts as a rebuild from the start; resetting a processor already starting
     * can race its segment claims. Looked up when run: the versions need the processing configuration.
     */
    @Bean
    ConfigurerModule readModelVersionsBeforeProcessorsStart(ObjectProvider<ReadModelVersions> versions,
                                                            ObjectProvider<TokenStore> tokens,
                                                            ObjectProvider<EventStore> events) {
        return configurer -> configurer.onStart(Phase.INBOUND_EVENT_CONNECTORS - 1, () -> {
            TokenlessReadModels.initialise(tokens.getObject(), events.getObject(), RebuiltReadModels.GROUPS);
            versions.getObject().upgrade();
        });
    }

    /**
     * Tells waiting requests as soon as a task, complaint or inspection round view stored an event of its item (a
     * payload of type {@code events}): once the views its batch gathered are written ({@link EndOfBatch#afterWritten}),
     * before the token update; a failed handler or write throws and signals nothing.
     */
    private static MessageHandlerInterceptor<EventMessage<?>> foldedInto(ReadYourWrites readYourWrites, Class<?> events) {
        return (unitOfWork, chain) -> {
            Object result = chain.proceed();
            if (unitOfWork.getMessage() instanceof DomainEventMessage<?> event && events.isAssignableFrom(event.getPayloadType())) {
                String aggregate = event.getAggregateIdentifier();
                long sequence = event.getSequenceNumber();
                EndOfBatch.afterWritten(() -> readYourWrites.folded(aggregate, sequence));
            }
            return result;
        };
    }

    @Bean
    EscalationLadder escalationLadder(EscalationProperties properties) {
        return properties.ladder();
    }
}
