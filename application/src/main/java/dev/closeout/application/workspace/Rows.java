package dev.closeout.application.workspace;

import dev.closeout.application.complaint.ComplaintResponse;
import dev.closeout.application.task.TaskResponse;
import dev.closeout.projections.task.TaskView;

import java.util.LinkedHashMap;
import java.util.Map;
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

        /**
         * What the decision at {@code slug} decides, as this page shows it, sent back with the form: the extension's
         * date for its approval or rejection, the closure request's time for 销号 or 退回 (the API's fields).
         */
        public Map<String, String> decided(String slug) {
            TaskView view = task.task();
            Map<String, String> decided = new LinkedHashMap<>();
            if ((slug.equals(TaskForm.APPROVE_EXTENSION.slug()) || slug.equals(TaskForm.REJECT_EXTENSION.slug()))
                    && view.pendingExtension() != null) {
                decided.put(TaskForm.EXTENSION_DECIDED, view.pendingExtension().newDueDate().toString());
            }
            if ((slug.equals(TaskForm.CLOSE.slug()) || slug.equals(TaskForm.RETURN.slug()))
                    && view.closureRequest() != null) {
                decided.put(TaskForm.CLOSURE_DECIDED, view.closureRequest().requestedAt().toString());
            }
            return decided;
        }
    }

    record ComplaintRow(ComplaintResponse complaint, Set<ComplaintForm> forms) {
        public boolean offers(String slug) {
            return forms.stream().anyMatch(form -> form.slug().equals(slug));
        }

        /** A complaint's forms decide nothing a department may replace meanwhile. */
        public Map<String, String> decided(String slug) {
            return Map.of();
        }
    }
}
