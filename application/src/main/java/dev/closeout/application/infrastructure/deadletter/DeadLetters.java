package dev.closeout.application.infrastructure.deadletter;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The events parked in the processing groups' dead-letter queues, for the operators: what is parked,
 * how many, and the two ways out, retry (the events of the item are handled again, in order, and
 * leave the queue as each succeeds) and evict (the item's parked events are dropped unhandled; the
 * read model misses them until a rebuild).
 */
@Component
public class DeadLetters {

    /**
     * One parked item of a group: its first parked event (the one that failed) and how many of its
     * later events wait behind it.
     */
    public record ParkedItem(String group, String sequenceId, String eventType, String eventId, Long globalIndex,
                             String cause, Instant firstFailure, Instant lastFailure, int attempts, int waiting) {
    }

    public enum Retry { APPLIED, STILL_PARKED }

    /** The store failed under a retry: the item's letters stay parked as they were, to be retried later. */
    public static final class StoreUnavailableException extends RuntimeException {
        StoreUnavailableException(Throwable cause) {
            super("The store failed during the retry (" + cause.getMessage() + "); the events stay parked, retry later",
                    cause);
        }
    }

    private final EventProcessingConfiguration processing;

    public DeadLetters(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    /** The processing groups that park failed events, by name. */
    public List<String> groups() {
        return processing.eventProcessors().keySet().stream().filter(g -> queue(g).isPresent()).sorted().toList();
    }

    /** Parked items of every group that has any, by group name. */
    public Map<String, List<ParkedItem>> parked() {
        Map<String, List<ParkedItem>> parked = new TreeMap<>();
        for (String group : groups()) {
            List<ParkedItem> items = parked(group);
            if (!items.isEmpty()) {
                parked.put(group, items);
            }
        }
        return parked;
    }

    public List<ParkedItem> parked(String group) {
        List<ParkedItem> items = new ArrayList<>();
        queue(group).ifPresent(queue -> {
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
                item(group, sequence).ifPresent(items::add);
            }
        });
        return items;
    }

    public Optional<ParkedItem> parked(String group, String sequenceId) {
        return queue(group).flatMap(queue -> item(group, queue.deadLetterSequence(sequenceId)));
    }

    /** Dead letters (parked events) of the group. */
    public long count(String group) {
        return queue(group).map(SequencedDeadLetterQueue::size).orElse(0L);
    }

    /**
     * Handles the item's parked events again, in order, each leaving the queue once handled; the
     * first that fails again stays parked with its new cause, and the ones behind it with it.
     */
    public Retry retry(String group, String sequenceId) {
        try {
            processing.sequencedDeadLetterProcessor(group).orElseThrow()
                    .process(letter -> sequenceId.equals(sequenceIdOf(group, letter)));
        } catch (RuntimeException e) {
            if (ParkingPolicy.passing(e)) {
                throw new StoreUnavailableException(e);
            }
            throw e;
        }
        return queue(group).orElseThrow().contains(sequenceId) ? Retry.STILL_PARKED : Retry.APPLIED;
    }

    /** Drops the item's parked events unhandled; its later events are handled as they come again. */
    public int evict(String group, String sequenceId) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group).orElseThrow();
        List<DeadLetter<? extends EventMessage<?>>> letters = new ArrayList<>();
        queue.deadLetterSequence(sequenceId).forEach(letters::add);
        letters.forEach(queue::evict);
        return letters.size();
    }

    private Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue(String group) {
        return processing.deadLetterQueue(group);
    }

    private Optional<ParkedItem> item(String group, Iterable<DeadLetter<? extends EventMessage<?>>> sequence) {
        Iterator<DeadLetter<? extends EventMessage<?>>> letters = sequence.iterator();
        if (!letters.hasNext()) {
            return Optional.empty();
        }
        DeadLetter<? extends EventMessage<?>> first = letters.next();
        int waiting = 0;
        for (; letters.hasNext(); letters.next()) {
            waiting++;
        }
        EventMessage<?> event = first.message();
        return Optional.of(new ParkedItem(group, sequenceIdOf(group, first), eventType(event), event.getIdentifier(),
                globalIndex(event), first.cause().map(DeadLetters::describe).orElse(null), first.enqueuedAt(),
                first.lastTouched(), ParkingPolicy.attempts(first), waiting));
    }

    private String sequenceIdOf(String group, DeadLetter<? extends EventMessage<?>> letter) {
        if (letter instanceof StoredDeadLetter stored) {
            return stored.sequenceIdentifier();
        }
        return String.valueOf(processing.sequencingPolicy(group).getSequenceIdentifierFor(letter.message()));
    }

    private static String eventType(EventMessage<?> event) {
        try {
            return event.getPayloadType().getSimpleName();
        } catch (RuntimeException unreadable) {
            return "unreadable: " + unreadable.getMessage();
        }
    }

    private static String describe(Cause cause) {
        return cause.type() + ": " + cause.message();
    }

    /** The event's position in the global log, when it came from the event store's stream. */
    static Long globalIndex(EventMessage<?> event) {
        if (event instanceof TrackedEventMessage<?> tracked) {
            TrackingToken token = tracked.trackingToken();
            if (token != null && token.position().isPresent()) {
                return token.position().getAsLong();
            }
        }
        return null;
    }
}
