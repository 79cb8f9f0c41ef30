package dev.closeout.application.infrastructure.axon;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.List;

/**
 * The events of one item of one kind, oldest first, as its repository loads them. Tasks, complaints and
 * inspection rounds share one event store and one form of id, so an item's stream is read by id and kept to its
 * kind: a task's history asked for with a complaint's id is empty (no such task), never the complaint's events.
 */
public final class ItemEvents {

    private ItemEvents() {
    }

    /** The events of the item {@code id} if it is a {@code kind} (its aggregate class); empty if there is none. */
    public static List<? extends DomainEventMessage<?>> of(EventStore store, String id, Class<?> kind) {
        String type = kind.getSimpleName();
        return store.readEvents(id, 0).asStream().filter(event -> type.equals(event.getType())).toList();
    }
}
