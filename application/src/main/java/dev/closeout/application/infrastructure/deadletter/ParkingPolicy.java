package dev.closeout.application.infrastructure.deadletter;

import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import dev.closeout.application.infrastructure.mongo.DurabilityException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a processing group does with an event its handler failed on. A failure of the event itself
 * (a bug, a document the read model cannot take) parks it, counting the attempts in the letter's
 * diagnostics and logging it at ERROR, the operators' alert besides {@code closeout_dead_letters}.
 * A failure of the store underneath (the server unreachable, a timeout, a write not made durable)
 * would fail for every event alike and pass by itself, so it is thrown on: the processor goes into
 * error and retries the same event with back-off, skipping nothing and parking nothing. Under an
 * operator's retry of a parked event it leaves the event parked with that cause, uncounted.
 */
final class ParkingPolicy implements EnqueuePolicy<EventMessage<?>> {

    static final String ATTEMPTS = "attempts";

    private static final Logger log = LoggerFactory.getLogger(ParkingPolicy.class);

    private final String group;

    ParkingPolicy(String group) {
        this.group = group;
    }

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        if (passing(cause)) {
            if (letter instanceof StoredDeadLetter) {
                // an operator's retry of a parked event: it stays parked, saying why, and the attempt does not count
                return Decisions.requeue(cause);
            }
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        }
        int attempts = attempts(letter) + 1;
        EventMessage<?> event = letter.message();
        log.error("Dead letter parked in processing group {}: event {} ({}) at global index {}, attempt {}; later events "
                        + "of the same item wait behind it until it is retried or evicted (/api/admin/dead-letters)",
                group, event.getIdentifier(), event.getPayloadType().getSimpleName(), DeadLetters.globalIndex(event),
                attempts, cause);
        return Decisions.enqueue(cause, parked -> parked.diagnostics().and(ATTEMPTS, attempts));
    }

    static int attempts(DeadLetter<?> letter) {
        Object attempts = letter.diagnostics().get(ATTEMPTS);
        if (attempts instanceof Number number) {
            return number.intValue();
        }
        return attempts == null ? 0 : Integer.parseInt(attempts.toString());
    }

    /** A failure of the store or the connection to it, not of the event. */
    static boolean passing(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MongoSocketException || t instanceof MongoTimeoutException
                    || t instanceof MongoExecutionTimeoutException || t instanceof MongoNotPrimaryException
                    || t instanceof MongoNodeIsRecoveringException || t instanceof MongoInterruptedException
                    || t instanceof DurabilityException
                    || t instanceof MongoException mongo && mongo.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)) {
                return true;
            }
        }
        return false;
    }
}
