package dev.closeout.application.infrastructure.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.ThrowableCause;

import java.time.Instant;
import java.util.Optional;

/** A dead letter as {@link MongoDeadLetterQueue} stored it: where it sits (item and index) besides what it holds. */
record StoredDeadLetter(String group, String sequenceIdentifier, long index, EventMessage<?> message, Cause storedCause,
                        Instant enqueuedAt, Instant lastTouched, MetaData diagnostics)
        implements DeadLetter<EventMessage<?>> {

    @Override
    public Optional<Cause> cause() {
        return Optional.ofNullable(storedCause);
    }

    @Override
    public DeadLetter<EventMessage<?>> markTouched() {
        return new StoredDeadLetter(group, sequenceIdentifier, index, message, storedCause, enqueuedAt,
                GenericDeadLetter.clock.instant(), diagnostics);
    }

    @Override
    public DeadLetter<EventMessage<?>> withCause(Throwable requeueCause) {
        return new StoredDeadLetter(group, sequenceIdentifier, index, message,
                requeueCause == null ? storedCause : ThrowableCause.asCause(requeueCause), enqueuedAt, lastTouched,
                diagnostics);
    }

    @Override
    public DeadLetter<EventMessage<?>> withDiagnostics(MetaData newDiagnostics) {
        return new StoredDeadLetter(group, sequenceIdentifier, index, message, storedCause, enqueuedAt, lastTouched,
                newDiagnostics);
    }
}
