package dev.closeout.application.infrastructure.deadletter;

import com.mongodb.client.MongoDatabase;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every processing group parks an event its handler fails on in a dead-letter queue of its own
 * ({@link MongoDeadLetterQueue}), sequenced by the group's sequencing policy (per item: the
 * aggregate), so that later events of that item wait behind it while every other item's events flow
 * on. See docs/decisions/0013-dead-letters.md.
 * <p>
 * The queue is asked about an event's item only when something of that segment may be parked: the
 * invoker's sequence-identifier cache knows that a queue empty when the segment was claimed holds
 * only what it parked since, so a group with nothing parked reads no dead letters per event.
 * A reset (a rebuild) clears the group's queue: the replay meets each parked event again.
 */
@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

    /**
     * Axon's own bounds: a fault that parks item after item (a handler that fails on every event) fills
     * the queue, and the processor then stops in error rather than park without end.
     */
    static final int MAX_ITEMS = 1024;
    static final int MAX_ITEM_SIZE = 1024;
    /** How long a retry holds an item before another may take it over (it died half-way). */
    static final Duration CLAIM = Duration.ofSeconds(30);

    @Bean
    ConfigurerModule deadLetterQueues(MongoDatabase database, @Qualifier("eventSerializer") Serializer eventSerializer,
                                      ApplicationContext context) {
        MongoDeadLetterQueue.ensureIndexes(database);
        return configurer -> configurer.eventProcessing(processing -> {
            processing.registerDeadLetterQueueProvider(group -> c -> queue(group, database, eventSerializer))
                    .registerDefaultDeadLetterPolicy(c -> new ParkingPolicy("(unnamed)"));
            for (String group : processingGroups(context)) {
                configure(processing, group);
            }
        });
    }

    private static void configure(EventProcessingConfigurer processing, String group) {
        processing.registerDeadLetterPolicy(group, c -> new ParkingPolicy(group))
                .registerDeadLetteringEventHandlerInvokerConfiguration(group,
                        (c, invoker) -> invoker.enableSequenceIdentifierCache().allowReset(true));
    }

    static SequencedDeadLetterQueue<EventMessage<?>> queue(String group, MongoDatabase database, Serializer serializer) {
        return new MongoDeadLetterQueue(group, database, serializer, MAX_ITEMS, MAX_ITEM_SIZE, CLAIM);
    }

    /** The groups of the event handlers among the beans, read from their types without creating them. */
    private static Set<String> processingGroups(ApplicationContext context) {
        Set<String> groups = new TreeSet<>();
        for (String bean : context.getBeanNamesForAnnotation(ProcessingGroup.class)) {
            ProcessingGroup group = context.findAnnotationOnBean(bean, ProcessingGroup.class);
            if (group != null) {
                groups.add(group.value());
            }
        }
        return groups;
    }
}
