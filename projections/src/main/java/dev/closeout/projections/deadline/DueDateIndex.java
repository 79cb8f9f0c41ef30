package dev.closeout.projections.deadline;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads the due-date index for the sweep, one {@code _id $in [dates]} at a time, and keeps the sweep's mark. */
public class DueDateIndex {

    /** The {@code _id} of the document in the marks collection that lists the checks to retry. */
    public static final String RETRY = "retry";

    private final MongoCollection<Document> dates;
    private final MongoCollection<Document> marks;

    public DueDateIndex(MongoDatabase database) {
        this.dates = database.getCollection(DueDateIndexProjection.DATES);
        this.marks = database.getCollection(DueDateIndexProjection.MARKS);
    }

    /** The ids filed under some date: what the sweep checks. */
    public record Due(Set<String> tasks, Set<String> complaints) {
    }

    /** The tasks and complaints filed under these dates, each id once. */
    public Due filedOn(Collection<LocalDate> days) {
        Set<String> tasks = new LinkedHashSet<>();
        Set<String> complaints = new LinkedHashSet<>();
        List<String> keys = days.stream().map(LocalDate::toString).toList();
        for (Document d : dates.find(Filters.in("_id", keys))) {
            tasks.addAll(strings(d, "tasks"));
            complaints.addAll(strings(d, "complaints"));
        }
        return new Due(tasks, complaints);
    }

    private static List<String> strings(Document d, String field) {
        List<String> values = d.getList(field, String.class);
        return values == null ? List.of() : new ArrayList<>(values);
    }

    /** The oldest date anything was ever filed under; empty when nothing was. */
    public Optional<LocalDate> oldest() {
        return mark("oldest");
    }

    /** The last day a sweep completed; empty before the first one (or after a rebuild of the index). */
    public Optional<LocalDate> lastSwept() {
        return mark("swept");
    }

    public void markSwept(LocalDate day) {
        marks.updateOne(Filters.eq("_id", "swept"), Updates.set("date", day.toString()),
                new UpdateOptions().upsert(true));
    }

    /**
     * An item whose check failed, kept for the next sweeps: how many days its check failed on, and
     * the last of them.
     */
    public record Retry(String id, int failedDays, LocalDate lastFailed) {
    }

    /** The items whose checks are to be retried, by kind. */
    public record Retries(List<Retry> tasks, List<Retry> complaints) {
        public static final Retries NONE = new Retries(List.of(), List.of());

        public boolean isEmpty() {
            return tasks.isEmpty() && complaints.isEmpty();
        }
    }

    /** The checks the last sweep left to retry: one document read by {@code _id}. */
    public Retries retries() {
        Document d = marks.find(Filters.eq("_id", RETRY)).first();
        return d == null ? Retries.NONE : new Retries(retryList(d, "tasks"), retryList(d, "complaints"));
    }

    /** Replaces the retry list whole; the sweep writes it before it moves its mark. */
    public void saveRetries(Retries retries) {
        if (retries.isEmpty()) {
            marks.deleteOne(Filters.eq("_id", RETRY));
            return;
        }
        marks.replaceOne(Filters.eq("_id", RETRY), new Document("_id", RETRY)
                        .append("tasks", retryDocuments(retries.tasks()))
                        .append("complaints", retryDocuments(retries.complaints())),
                new ReplaceOptions().upsert(true));
    }

    private static List<Retry> retryList(Document d, String field) {
        List<Document> values = d.getList(field, Document.class);
        if (values == null) {
            return List.of();
        }
        return values.stream().map(r -> new Retry(r.getString("id"), r.getInteger("failedDays", 1),
                LocalDate.parse(r.getString("lastFailed")))).toList();
    }

    private static List<Document> retryDocuments(List<Retry> retries) {
        // A list of small documents rather than a map keyed by id: ids are never used as field names.
        return retries.stream().map(r -> new Document("id", r.id()).append("failedDays", r.failedDays())
                .append("lastFailed", r.lastFailed().toString())).toList();
    }

    private Optional<LocalDate> mark(String id) {
        Document d = marks.find(Filters.eq("_id", id)).first();
        return d == null ? Optional.empty() : Optional.of(LocalDate.parse(d.getString("date")));
    }
}
