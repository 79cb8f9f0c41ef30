package dev.closeout.application.complaint;

import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintConvertedToTask;
import dev.closeout.domain.task.TaskCommand.RegisterTask;
import dev.closeout.domain.task.TaskSource;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Registers the rectification task of every complaint converted into one, under the task id the
 * conversion recorded, naming the complaint: the only path by which such a task comes to be. A
 * tracking processor reads each conversion from the event store, so a crash between the
 * conversion and the registration delays the task, never loses it.
 *
 * <p>Idempotent: a task already registered under that id (the processor replayed, or another
 * instance got there first) is left alone, so at most one {@code TaskRegistered} is ever stored.
 * A failure that may pass (the store unavailable) stops the processor, which retries the same
 * event; a refusal cannot pass by retrying and would block every later conversion, so it is
 * logged and skipped.
 */
@Component
@ProcessingGroup(ConvertedComplaintTaskPolicy.PROCESSING_GROUP)
public class ConvertedComplaintTaskPolicy {

    public static final String PROCESSING_GROUP = "complaint-task-registration";

    private static final Logger log = LoggerFactory.getLogger(ConvertedComplaintTaskPolicy.class);

    private final CommandGateway commands;
    private final EventStore eventStore;

    public ConvertedComplaintTaskPolicy(CommandGateway commands, EventStore eventStore) {
        this.commands = commands;
        this.eventStore = eventStore;
    }

    @EventHandler
    void on(ComplaintConvertedToTask conversion) {
        if (isRegistered(conversion)) {
            return;
        }
        try {
            commands.sendAndWait(new RegisterTask(conversion.taskId(), conversion.ledger(), conversion.title(), null,
                    conversion.leadDepartment(), List.of(), null, TaskSource.COMPLAINT, conversion.dueDate(),
                    conversion.actor(), conversion.complaintId().value()));
        } catch (RuntimeException failure) {
            if (isRegistered(conversion)) {
                return;
            }
            Throwable cause = failure instanceof CommandExecutionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (!(cause instanceof CommandRefusedException) && !(cause instanceof InvalidValueException)) {
                throw failure;
            }
            log.error("Task {} of complaint {} was refused and will not be registered: {}", conversion.taskId(),
                    conversion.complaintId(), cause.getMessage());
        }
    }

    private boolean isRegistered(ComplaintConvertedToTask conversion) {
        return eventStore.lastSequenceNumberFor(conversion.taskId().value()).isPresent();
    }
}
