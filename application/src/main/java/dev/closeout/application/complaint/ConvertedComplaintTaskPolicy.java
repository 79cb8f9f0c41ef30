package dev.closeout.application.complaint;

import dev.closeout.application.task.ConvertedTaskRegistration;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintConvertedToTask;
import dev.closeout.domain.task.TaskCommand.RegisterTask;
import dev.closeout.domain.task.TaskSource;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Registers the rectification task of every complaint converted into one, under the task id the
 * conversion recorded, naming the complaint: the only path by which such a task comes to be. A
 * tracking processor reads each conversion from the event store, and the registration is idempotent
 * ({@link ConvertedTaskRegistration}).
 */
@Component
@ProcessingGroup(ConvertedComplaintTaskPolicy.PROCESSING_GROUP)
public class ConvertedComplaintTaskPolicy {

    public static final String PROCESSING_GROUP = "complaint-task-registration";

    private final ConvertedTaskRegistration registration;

    public ConvertedComplaintTaskPolicy(ConvertedTaskRegistration registration) {
        this.registration = registration;
    }

    @EventHandler
    void on(ComplaintConvertedToTask conversion) {
        registration.register(conversion.taskId(), () -> new RegisterTask(conversion.taskId(), conversion.ledger(),
                conversion.title(), null, conversion.leadDepartment(), List.of(), null, TaskSource.COMPLAINT,
                conversion.dueDate(), conversion.actor(), conversion.complaintId().value()),
                "complaint " + conversion.complaintId());
    }
}
