package dev.closeout.application.task;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.closeout.projections.task.TaskView;

/** A task view as the API shows it: the stored view plus what depends on today's date. */
public record TaskResponse(@JsonUnwrapped TaskView task, boolean overdue) {
}
