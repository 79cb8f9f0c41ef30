package dev.closeout.projections.deadline;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.closeout.projections.support.Slots;
import org.bson.Document;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the due-date index for the sweep by exact keys (the dates' counters, their entries, the
 * items those name), and keeps the sweep's mark.
 */
public class DueDateIndex {

    /** The {@code _id} of the document in the marks collection that lists the checks to retry. */
    public static final String RETRY = "retry";

    private final Slots days;
    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> items;
    private final MongoCollection<Document> marks;

    public DueDateIndex(MongoDatabase database) {
        this.days = new Slots(database, DueDateIndexProjection.DAYS);
        this.entries = database.getCollection(DueDateIndexProjection.ENTRIES);
        this.items = database.getCollection(DueDateIndexProjection.ITEMS);
        this.marks = database.getCollection(DueDateIndexProjection.MARKS);
    }

    /** The ids filed under some date: what the sweep checks. */
    public record Due(Set<String> tasks, Set<String> complaints) {
    }

    /**
     * The tasks and complaints filed under these dates, each id once. An entry its item does not name
     * (left behind by a redelivered event, or of an item that moved on since) is passed over.
     */
    public Due filedOn(Collection<LocalDate> days) {
        Map<String, String> itemByEntry = new LinkedHashMap<>();
        List<String> keys = this.days.keys(days.stream().map(LocalDate::toString).toList());
        for (List<String> batch : Slots.batches(keys)) {
            entries.find(Filters.in("_id", batch)).forEach(e -> itemByEntry.put(e.getString("_id"),
                    e.getString(DueDateIndexProjection.ITEM)));
        }
        Map<String, String> entryOfItem = new HashMap<>();
        for (List<String> batch : Slots.batches(List.copyOf(new LinkedHashSet<>(itemByEntry.values())))) {
            items.find(Filters.in("_id", batch)).projection(Projections.include(DueDateIndexProjection.ENTRY))
                    .forEach(i -> entryOfItem.put(i.getString("_id"), i.getString(DueDateIndexProjection.ENTRY)));
        }
        Set<String> tasks = new LinkedHashSet<>();
        Set<String> complaints = new LinkedHashSet<>();
        itemByEntry.forEach((entry, item) -> {
            if (entry.equals(entryOfItem.get(item))) {
                String[] kindAndId = item.split(":", 2);
                (WatchedItem.Kind.valueOf(kindAndId[0]) == WatchedItem.Kind.TASK ? tasks : complaints).add(kindAndId[1]);
            }
        });
        return new Due(tasks, complaints);
    }

    /** The oldest date anything was ever filed under; empty when nothing was. */
    public Optional<LocalDate> oldest() {
        return mark("oldest");
    }

    /** The last day a sweep completed; empty before the first one (or after a rebuild of the index). */
    public Optional<LocalDate> lastSwept() {
        return mark("swept");
    }

    /**
     * Moves the mark from {@code read}, as the sweep read it when it began (empty: there was none), to {@code day};
     * false, and nothing written, when the mark is no longer {@code read}: a rebuild of the index deleted it meanwhile
     * (so that the next sweep reads from the oldest date, where the replay files the items overdue), or another
     * instance's sweep moved it.
     */
    public boolean markSwept(Optional<LocalDate> read, LocalDate day) {
        if (read.isPresent()) {
            return marks.updateOne(Filters.and(Filters.eq("_id", "swept"), Filters.eq("date", read.get().toString())),
                    Updates.set("date", day.toString())).getMatchedCount() == 1;
        }
        try {
            marks.insertOne(new Document("_id", "swept").append("date", day.toString()));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
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

    /** What a retried item is; the name of its map in the retry document. */
    public enum Kind {
        TASK("task"), COMPLAINT("complaint");

        private final String field;

        Kind(String field) {
            this.field = field;
        }

        @Override
        public String toString() {
            return field;
        }
    }

    /** The checks to retry: one document read by {@code _id}. */
    public Retries retries() {
        Document d = marks.find(Filters.eq("_id", RETRY)).first();
        if (d != null && takeInWholeLists(d)) {
            d = marks.find(Filters.eq("_id", RETRY)).first();
        }
        return d == null ? Retries.NONE : new Retries(retryList(d, Kind.TASK), retryList(d, Kind.COMPLAINT));
    }

    /*
     * The retry document holds, per kind, a map from item id (letters, digits, '-' and '_', so a safe
     * field name) to the days its check failed on, and the number of items. Every change is one
     * atomic update of one entry ($addToSet of a day, $set of a new entry, $unset), never a rewrite
     * of the whole list, so sweeps on several instances at once keep each other's entries. The
     * filters that add conditions to the _id address a collection of three documents, so the scan
     * they cost on the embedded server is nothing.
     */

    /**
     * Records that the item's check failed on {@code day}: a day already recorded counts once.
     *
     * @param bound how many items the list may hold; a new item beyond it is not kept
     * @return the number of days its check has now failed on, or 0 when the list is full and it was not kept
     */
    public int failed(Kind kind, String id, LocalDate day, int bound) {
        String entry = kind + "." + id;
        for (int attempt = 0; attempt < 2; attempt++) {
            // BEFORE, then adding the day here: AFTER can return another writer's state on the embedded server.
            Document before = marks.findOneAndUpdate(new Document("_id", RETRY).append(entry, new Document("$exists", true)),
                    Updates.addToSet(entry + ".days", day.toString()),
                    new FindOneAndUpdateOptions().projection(Projections.include(entry)).returnDocument(ReturnDocument.BEFORE));
            if (before != null) {
                Set<String> days = new TreeSet<>(before.get(kind.toString(), Document.class).get(id, Document.class)
                        .getList("days", String.class));
                days.add(day.toString());
                return days.size();
            }
            ensureRetryDocument();
            boolean added = marks.updateOne(new Document("_id", RETRY).append("count", new Document("$lt", bound))
                            .append(entry, new Document("$exists", false)),
                    Updates.combine(Updates.set(entry, new Document("days", List.of(day.toString()))),
                            Updates.inc("count", 1))).getModifiedCount() == 1;
            if (added) {
                return 1;
            }
            // Either the list is full or another sweep added this item just now: the first update tells.
        }
        return 0;
    }

    /** Takes the item off the list: its check succeeded, or the sweep gave up on it. */
    public void forget(Kind kind, String id) {
        String entry = kind + "." + id;
        marks.updateOne(new Document("_id", RETRY).append(entry, new Document("$exists", true)),
                Updates.combine(Updates.unset(entry), Updates.inc("count", -1)));
    }

    private void ensureRetryDocument() {
        try {
            marks.updateOne(Filters.eq("_id", RETRY), Updates.combine(Updates.setOnInsert("count", 0),
                    Updates.setOnInsert(Kind.TASK.toString(), new Document()),
                    Updates.setOnInsert(Kind.COMPLAINT.toString(), new Document())), new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            // MongoDB may refuse one of two concurrent upserts of one _id: the document is there either way.
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    /**
     * The previous layout kept the lists whole ({@code tasks}, {@code complaints}: id, failedDays,
     * lastFailed); they are moved into the per-item maps once, as that many days up to the last.
     */
    private boolean takeInWholeLists(Document d) {
        boolean found = false;
        for (Kind kind : Kind.values()) {
            List<Document> whole = d.getList(kind + "s", Document.class);
            if (whole == null) {
                continue;
            }
            found = true;
            marks.updateOne(new Document("_id", RETRY).append("count", new Document("$exists", false)),
                    Updates.set("count", 0));
            for (Document r : whole) {
                LocalDate last = LocalDate.parse(r.getString("lastFailed"));
                for (int daysBefore = r.getInteger("failedDays", 1) - 1; daysBefore >= 0; daysBefore--) {
                    failed(kind, r.getString("id"), last.minusDays(daysBefore), Integer.MAX_VALUE);
                }
            }
            marks.updateOne(Filters.eq("_id", RETRY), Updates.unset(kind + "s"));
        }
        return found;
    }

    private static List<Retry> retryList(Document d, Kind kind) {
        Document entries = d.get(kind.toString(), Document.class);
        if (entries == null) {
            return List.of();
        }
        List<Retry> retries = new ArrayList<>();
        entries.forEach((id, entry) -> {
            List<String> days = ((Document) entry).getList("days", String.class);
            retries.add(new Retry(id, days.size(), days.stream().map(LocalDate::parse).max(LocalDate::compareTo)
                    .orElseThrow()));
        });
        return retries;
    }

    private Optional<LocalDate> mark(String id) {
        Document d = marks.find(Filters.eq("_id", id)).first();
        return d == null ? Optional.empty() : Optional.of(LocalDate.parse(d.getString("date")));
    }
}
