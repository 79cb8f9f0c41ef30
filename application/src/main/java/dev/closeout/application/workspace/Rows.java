package dev.closeout.application.workspace;

import dev.closeout.application.complaint.ComplaintResponse;
import dev.closeout.application.task.TaskResponse;

import java.util.Set;

/** An item as a page lists it: the API's own view of it, and the forms its reader is offered. */
final class Rows {

    private Rows() {
    }

    record TaskRow(TaskResponse task, Set<TaskForm> forms) {
    }

    record ComplaintRow(ComplaintResponse complaint, Set<ComplaintForm> forms) {
    }
}
