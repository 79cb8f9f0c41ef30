package dev.closeout.application.task;

import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskCommand.RegisterTask;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.function.Supplier;

/**
 * Registers a task that another item was converted into (a complaint, an inspection finding), for the
 * policies that read those conversions from the event store: the only path by which such a task comes
 * to be, so a crash between the conversion and the registration delays the task, never loses it.
 *
 * <p>Idempotent: a task already registered under that id (the processor replayed, or another
 * instance got there first) is left alone, so at most one {@code TaskRegistered} is ever stored.
 * A failure that may pass (the store unavailable) is thrown, so the processor stops and retries the
 * same event; a refusal cannot pass by retrying and would block every later conversion, so it is
 * logged and skipped.
 */
@Component
public class ConvertedTaskRegistration {

    private static final Logger log = LoggerFactory.getLogger(ConvertedTaskRegistration.class);

    private final CommandGateway commands;
    private final EventStore eventStore;

    public ConvertedTaskRegistration(CommandGateway commands, EventStore eventStore) {
        this.commands = commands;
        this.eventStore = eventStore;
    }

    /**
     * Registers the task {@code id} unless it is registered already; {@code from} names the converted item in the log.
     * The command is built here, so that a conversion whose values a task may not have (refused as the command is
     * made) is a refusal like the others, not a failure that stops every later conversion.
     */
    public void register(TaskId id, Supplier<RegisterTask> task, String from) {
        if (isRegistered(id)) {
            return;
        }
        try {
            commands.sendAndWait(task.get());
        } catch (RuntimeException failure) {
            if (isRegistered(id)) {
                return;
            }
            Throwable cause = failure instanceof CommandExecutionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (!(cause instanceof CommandRefusedException) && !(cause instanceof InvalidValueException)) {
                throw failure;
            }
            log.error("Task {} of {} was refused and will not be registered: {}", id, from,
                    cause.getMessage());
        }
    }

    private boolean isRegistered(TaskId id) {
        return eventStore.lastSequenceNumberFor(id.value()).isPresent();
    }
}
