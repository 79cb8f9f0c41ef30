package dev.closeout.projections.task;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.closeout.projections.support.DocumentMapper;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Reads task views by id: exact-key lookups that an index serves on every server. */
public class TaskViews {

    private static final int IN_BATCH = 500;

    private final MongoCollection<Document> views;

    public TaskViews(MongoDatabase database) {
        this.views = database.getCollection(TaskViewProjection.COLLECTION);
    }

    public Optional<TaskView> find(String taskId) {
        return Optional.ofNullable(views.find(Filters.eq("_id", taskId)).first())
                .map(d -> DocumentMapper.fromDocument(d, TaskView.class));
    }

    /** The views of these tasks, in no particular order; unknown ids are left out. */
    public List<TaskView> findAll(Collection<String> taskIds) {
        List<String> ids = List.copyOf(taskIds);
        List<TaskView> found = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += IN_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + IN_BATCH));
            for (Document d : views.find(Filters.in("_id", batch))) {
                found.add(DocumentMapper.fromDocument(d, TaskView.class));
            }
        }
        return found;
    }

    /** The stored version (last event sequence number folded in), or -1 when not yet projected. */
    public long version(String taskId) {
        Document d = views.find(Filters.eq("_id", taskId)).projection(new Document("version", 1)).first();
        return d == null ? -1 : ((Number) d.get("version")).longValue();
    }
}
