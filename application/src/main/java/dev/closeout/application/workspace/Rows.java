package dev.closeout.application.workspace;

import dev.closeout.application.complaint.ComplaintResponse;
import dev.closeout.application.task.TaskResponse;

import java.util.Set;

/** An item as a page lists it: the API's own view of it, and the forms its reader is offered. */
final class Rows {

    private Rows() {
    }

    record TaskRow(TaskResponse task, Set<TaskForm> forms) {
        /** Whether the reader is offered the form at {@code /tasks/{id}/{slug}} (the desk lays out its own). */
        public boolean offers(String slug) {
            return forms.stream().anyMatch(form -> form.slug().equals(slug));
        }
    }

    record ComplaintRow(ComplaintResponse complaint, Set<ComplaintForm> forms) {
        public boolean offers(String slug) {
            return forms.stream().anyMatch(form -> form.slug().equals(slug));
        }
    }
}
