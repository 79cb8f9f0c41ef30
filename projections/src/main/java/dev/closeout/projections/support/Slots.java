package dev.closeout.projections.support;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbered places in a group (a ledger department, a month of receipt, a day of the due-date
 * index), each handed out once by an atomic counter document per group. What is stored in a slot
 * is a document of its own keyed {@link #key(String, long) group and slot number}, so a reader
 * lists a group's documents by exact keys computed from the counter ({@code _id $in [slot 0 … n-1]}),
 * with no document that grows with the group: every read is one both MongoDB and the embedded
 * server answer from the {@code _id} index, and every write changes one small document.
 * <p>
 * The counter is read with {@link ReturnDocument#BEFORE}: the embedded server can return one
 * {@code AFTER} value to several concurrent callers, {@code BEFORE} never repeats. A slot taken and
 * never filled (a crash right after the counter moved) is a key the reader finds no document for.
 */
public final class Slots {

    /** The field of a counter document holding how many slots were handed out. */
    public static final String COUNT = "slots";
    /**
     * How many keys one {@code $in} asks for. The embedded server matches every document it finds
     * against the whole list again, so a batch costs the square of its size there: reading 3,334 lines
     * by 1,000 keys at a time took 132–185 ms, by 250 at a time 54–117 ms (best of five, three rounds);
     * on MongoDB a smaller batch costs a few more round trips.
     */
    public static final int IN_BATCH = 250;

    private final MongoCollection<Document> counters;

    public Slots(MongoDatabase database, String counters) {
        this.counters = database.getCollection(counters);
    }

    /** A slot handed out, and the group's counter document as it was before (null for the group's first). */
    public record Taken(String key, Document before) {
    }

    /** Takes the next slot of {@code group}; {@code flags} are read from the counter along with the count. */
    public Taken take(String group, String... flags) {
        Run run = take(group, 1, flags);
        return new Taken(run.key(0), run.before());
    }

    /**
     * Takes the next {@code count} slots of {@code group} at once, for a batch of writes (see
     * {@link EndOfBatch}); {@code flags} are read from the counter along with the count.
     */
    public Run take(String group, long count, String... flags) {
        List<String> fields = new ArrayList<>(List.of(COUNT));
        fields.addAll(List.of(flags));
        Document before = counters.findOneAndUpdate(Filters.eq("_id", group), Updates.inc(COUNT, count),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE)
                        .projection(Projections.include(fields)));
        long first = before == null || before.get(COUNT) == null ? 0 : ((Number) before.get(COUNT)).longValue();
        return new Run(group, first, before);
    }

    /** Slots taken at once: {@code first} and those after it, and the group's counter as it was before. */
    public record Run(String group, long first, Document before) {

        /** The key of the {@code i}-th slot of the run. */
        public String key(long i) {
            return Slots.key(group, first + i);
        }

        /** Whether the counter carried {@code flag} before these slots were taken. */
        public boolean had(String flag) {
            return before != null && before.getBoolean(flag, false);
        }
    }

    /** Sets a flag on the group's counter, e.g. that the group was listed where readers find it. */
    public void mark(String group, String flag) {
        counters.updateOne(Filters.eq("_id", group), Updates.set(flag, true));
    }

    /** The keys of every slot handed out so far in these groups, group by group. */
    public List<String> keys(Collection<String> groups) {
        List<String> keys = new ArrayList<>();
        for (List<String> batch : batches(List.copyOf(groups))) {
            for (Document counter : counters.find(Filters.in("_id", batch)).projection(Projections.include(COUNT))) {
                keys.addAll(keys(counter));
            }
        }
        return keys;
    }

    /** The keys of every slot a group's counter document has handed out. */
    public static List<String> keys(Document counter) {
        long count = counter.get(COUNT) == null ? 0 : ((Number) counter.get(COUNT)).longValue();
        List<String> keys = new ArrayList<>();
        for (long slot = 0; slot < count; slot++) {
            keys.add(key(counter.getString("_id"), slot));
        }
        return keys;
    }

    /** The keys in lists of at most {@value #IN_BATCH}, one {@code $in} each. */
    public static <K> List<List<K>> batches(List<K> keys) {
        List<List<K>> batches = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += IN_BATCH) {
            batches.add(keys.subList(from, Math.min(keys.size(), from + IN_BATCH)));
        }
        return batches;
    }

    /**
     * The documents stored under these keys, by key, {@value #IN_BATCH} keys a query; only {@code fields} of
     * them when given. A key without a document is left out.
     */
    public static Map<String, Document> byKey(MongoCollection<Document> collection, Collection<String> keys,
                                              Bson fields) {
        Map<String, Document> found = new HashMap<>();
        for (List<String> batch : batches(List.copyOf(keys))) {
            FindIterable<Document> documents = collection.find(Filters.in("_id", batch));
            for (Document document : fields == null ? documents : documents.projection(fields)) {
                found.put(document.getString("_id"), document);
            }
        }
        return found;
    }

    public static String key(String group, long slot) {
        return Keys.of(group, slot);
    }
}
