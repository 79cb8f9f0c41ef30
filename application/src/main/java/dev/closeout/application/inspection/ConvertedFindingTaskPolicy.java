package dev.closeout.application.inspection;

import dev.closeout.application.task.ConvertedTaskRegistration;
import dev.closeout.domain.inspection.InspectionEvent.FindingConvertedToTask;
import dev.closeout.domain.task.InspectionLink;
import dev.closeout.domain.task.TaskCommand.RegisterTask;
import dev.closeout.domain.task.TaskSource;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Registers the rectification task of every inspection finding converted into one, under the task id
 * the conversion recorded, as source {@code INSPECTION} and naming the round and the finding: the
 * only path by which such a task comes to be. A tracking processor reads each conversion from the
 * event store, and the registration is idempotent ({@link ConvertedTaskRegistration}).
 */
@Component
@ProcessingGroup(ConvertedFindingTaskPolicy.PROCESSING_GROUP)
public class ConvertedFindingTaskPolicy {

    public static final String PROCESSING_GROUP = "inspection-task-registration";

    private final ConvertedTaskRegistration registration;

    public ConvertedFindingTaskPolicy(ConvertedTaskRegistration registration) {
        this.registration = registration;
    }

    @EventHandler
    void on(FindingConvertedToTask conversion) {
        InspectionLink link = new InspectionLink(conversion.roundId().value(), conversion.findingId().value());
        registration.register(conversion.taskId(), () -> new RegisterTask(conversion.taskId(), conversion.ledger(),
                conversion.title(), null, conversion.leadDepartment(), List.of(), null, TaskSource.INSPECTION,
                conversion.dueDate(), conversion.actor(), null, link),
                "inspection round " + conversion.roundId() + ", finding " + conversion.findingId());
    }
}
