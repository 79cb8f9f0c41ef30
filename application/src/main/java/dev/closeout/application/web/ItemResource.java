package dev.closeout.application.web;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.domain.task.TaskId;
import org.springframework.http.ResponseEntity;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A kind of item the API serves under its own id ({@code /api/tasks/{id}}, {@code /api/complaints/{id}}),
 * answered alike for every kind: an id that cannot name an item is not found rather than invalid,
 * since it names nothing; an item without history does not exist; a command's answer is the item as
 * it now stands, or 202 with its id when the view has not caught up in time.
 *
 * @param kind    the item's name in messages ("task")
 * @param idField the field naming the item in answers ("taskId")
 * @param parse   the item's id type, which refuses a malformed id
 */
public record ItemResource<I>(String kind, String idField, Function<String, I> parse) {

    /** Tasks, for the API's and the pages' controllers alike. */
    public static final ItemResource<TaskId> TASKS = new ItemResource<>("task", "taskId", TaskId::new);
    public static final ItemResource<ComplaintId> COMPLAINTS =
            new ItemResource<>("complaint", "complaintId", ComplaintId::new);

    public I id(String raw) {
        try {
            return parse.apply(raw);
        } catch (InvalidValueException e) {
            throw notFound(raw);
        }
    }

    public NotFoundException notFound(String raw) {
        return new NotFoundException("No " + kind + " with id " + raw);
    }

    /** The item's history, which every existing item has. */
    public <T> List<T> history(String raw, List<T> entries) {
        if (entries.isEmpty()) {
            throw notFound(raw);
        }
        return entries;
    }

    /** 200 with the item as the command left it, or 202 naming it when its view has not caught up. */
    public ResponseEntity<?> answer(String id, Optional<?> current) {
        return current.<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.accepted().body(Map.of(idField, id)));
    }
}
