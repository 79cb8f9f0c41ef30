package dev.closeout.projections.deadline;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
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

    private Optional<LocalDate> mark(String id) {
        Document d = marks.find(Filters.eq("_id", id)).first();
        return d == null ? Optional.empty() : Optional.of(LocalDate.parse(d.getString("date")));
    }
}
