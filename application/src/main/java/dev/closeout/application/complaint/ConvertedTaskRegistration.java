package dev.closeout.application.complaint;

import dev.closeout.domain.complaint.ComplaintEvent.ComplaintConvertedToTask;
import dev.closeout.domain.task.TaskCommand.RegisterTask;
import dev.closeout.domain.task.TaskSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Registers the rectification task a complaint was converted into, under the task id the
 * conversion recorded, naming the complaint. Idempotent: a task already registered under that
 * id (by the API, or by {@link ConvertedComplaintTaskPolicy} after a crash) is left alone, so
 * both may try and at most one {@code TaskRegistered} is ever stored.
 */
@Component
public class ConvertedTaskRegistration {

    private final CommandGateway commands;
    private final EventStore eventStore;

    public ConvertedTaskRegistration(CommandGateway commands, EventStore eventStore) {
        this.commands = commands;
        this.eventStore = eventStore;
    }

    public void register(ComplaintConvertedToTask conversion) {
        if (isRegistered(conversion)) {
            return;
        }
        try {
            commands.sendAndWait(new RegisterTask(conversion.taskId(), conversion.ledger(), conversion.title(), null,
                    conversion.leadDepartment(), List.of(), null, TaskSource.COMPLAINT, conversion.dueDate(),
                    conversion.actor(), conversion.complaintId().value()));
        } catch (RuntimeException failure) {
            // The other registrar won the race: the task exists, which is all that was wanted.
            if (!isRegistered(conversion)) {
                throw failure;
            }
        }
    }

    private boolean isRegistered(ComplaintConvertedToTask conversion) {
        return eventStore.lastSequenceNumberFor(conversion.taskId().value()).isPresent();
    }
}
