package dev.closeout.application.infrastructure.eventstore;

import org.axonframework.eventhandling.GenericDomainEventEntry;

import java.time.Instant;

/**
 * An event or snapshot as read from the store, whose timestamp is parsed at most once. Axon's entry keeps
 * the timestamp as text and parses it at every call, and a tracked event's is asked for by the read that
 * tells settled events from recent ones, by the message made of it, and by the processors: in a rebuild
 * the parsing was 3 % of the samples (docs/measurements.md, session 23).
 */
final class StoredEntry extends GenericDomainEventEntry<byte[]> {

    /** Parsed on first use; an {@link Instant} is immutable, so a thread seeing another's is fine. */
    private Instant timestamp;

    StoredEntry(String type, String aggregateIdentifier, long sequenceNumber, String eventIdentifier,
                String timestamp, String payloadType, String payloadRevision, byte[] payload, byte[] metaData) {
        super(type, aggregateIdentifier, sequenceNumber, eventIdentifier, timestamp, payloadType, payloadRevision,
              payload, metaData);
    }

    @Override
    public Instant getTimestamp() {
        Instant parsed = timestamp;
        if (parsed == null) {
            parsed = super.getTimestamp();
            timestamp = parsed;
        }
        return parsed;
    }
}
