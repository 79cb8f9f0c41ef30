package dev.closeout.application.infrastructure.axon;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateRoot;

import java.util.List;

/**
 * The events of one item of one kind, oldest first, as its repository loads them. Tasks, complaints and
 * inspection rounds share one event store and one form of id, so an item's stream is read by id and kept to its
 * kind: a task's history asked for with a complaint's id is empty (no such task), never the complaint's events.
 */
public final class ItemEvents {

    private ItemEvents() {
    }

    /**
     * Each kind's aggregate type as Axon names it in the events: {@code @AggregateRoot(type = …)} when the class says
     * one, else its simple name.
     */
    private static final ClassValue<String> TYPES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> kind) {
            AggregateRoot root = kind.getAnnotation(AggregateRoot.class);
            return root != null && !root.type().isEmpty() ? root.type() : kind.getSimpleName();
        }
    };

    /** The events of the item {@code id} if it is a {@code kind} (its aggregate class); empty if there is none. */
    public static List<? extends DomainEventMessage<?>> of(EventStore store, String id, Class<?> kind) {
        String type = TYPES.get(kind);
        return store.readEvents(id, 0).asStream().filter(event -> type.equals(event.getType())).toList();
    }
}
