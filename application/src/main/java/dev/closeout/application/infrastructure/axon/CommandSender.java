package dev.closeout.application.infrastructure.axon;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

/**
 * Sends a command, waits until it is stored, and answers the version its aggregate then stands
 * at, which is what a caller waits for in a read model to read its own write.
 */
@Component
public class CommandSender {

    private final CommandGateway commands;
    private final EventStore eventStore;

    public CommandSender(CommandGateway commands, EventStore eventStore) {
        this.commands = commands;
        this.eventStore = eventStore;
    }

    /** Sends a command that creates its aggregate, whose first event is version 0, and waits until it is stored. */
    public void create(Object command) {
        commands.sendAndWait(command);
    }

    /**
     * Sends a command to an existing aggregate, waits until it is stored, and answers the sequence
     * number of the last event it appended to {@code aggregateId} (carried back by
     * {@link AppendedVersion}); for a command that answers something else, the aggregate's last
     * sequence number as the event store has it.
     */
    public long send(Object command, String aggregateId) {
        Object appended = commands.sendAndWait(command);
        return AppendedVersion.sequenceOf(appended)
                .orElseGet(() -> eventStore.lastSequenceNumberFor(aggregateId).orElse(0L));
    }

    /**
     * Whether {@code failure} of {@link #create} says the aggregate is stored already (a retry, or a request racing
     * it), however the command bus wrapped it.
     */
    public static boolean createdAlready(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AggregateStreamCreationException || cause instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }

    /** Sends a command whose handler answers what it did, waits until it is stored, and returns that answer. */
    public <R> R ask(Object command) {
        return commands.sendAndWait(command);
    }
}
