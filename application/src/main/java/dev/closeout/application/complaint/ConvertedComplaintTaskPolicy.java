package dev.closeout.application.complaint;

import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintConvertedToTask;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every complaint converted into a task gets its task, even when the API crashed or failed
 * between the conversion and the registration: this tracking processor reads each conversion
 * from the event store and registers the task unless it already exists. A failure that may pass
 * (the store unavailable) stops the processor, which retries the same event; a refusal cannot
 * pass by retrying and would block every later conversion, so it is logged and skipped.
 */
@Component
@ProcessingGroup(ConvertedComplaintTaskPolicy.PROCESSING_GROUP)
public class ConvertedComplaintTaskPolicy {

    public static final String PROCESSING_GROUP = "complaint-task-registration";

    private static final Logger log = LoggerFactory.getLogger(ConvertedComplaintTaskPolicy.class);

    private final ConvertedTaskRegistration registration;

    public ConvertedComplaintTaskPolicy(ConvertedTaskRegistration registration) {
        this.registration = registration;
    }

    @EventHandler
    void on(ComplaintConvertedToTask conversion) {
        try {
            registration.register(conversion);
        } catch (RuntimeException failure) {
            Throwable cause = failure instanceof CommandExecutionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (!(cause instanceof CommandRefusedException) && !(cause instanceof InvalidValueException)) {
                throw failure;
            }
            log.error("Task {} of complaint {} was refused and will not be registered: {}", conversion.taskId(),
                    conversion.complaintId(), cause.getMessage());
        }
    }
}
