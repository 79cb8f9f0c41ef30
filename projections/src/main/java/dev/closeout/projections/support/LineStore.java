package dev.closeout.projections.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Compact lines of a read model, one small document per item, in a {@link Slots slot} of the
 * item's group (a ledger department, a month of receipt), so that an event rewrites one line of a
 * few hundred bytes and a reader lists a group's lines by exact keys ({@link LineReader}).
 * <p>
 * A line's document is {@code {_id: slot key, item: id, <fixed fields>, line: {...}}}. Its slot is
 * taken once, when the item first enters the read model, and recorded in an index keyed by the
 * item's id ({@code {_id: item, at: slot key}}) before the line is written; every later event finds
 * the line there by {@code _id}. A redelivered first event finds the index entry and writes nothing
 * twice; a slot lost to a crash between the counter and the index entry is a key without a line.
 * <p>
 * Groups that readers cannot name by themselves (a ledger's departments) are listed in a small
 * document per listing, once per group: the first item of a group adds it before its line is
 * written, and marks the group's counter as listed, so later items write nothing there.
 * <p>
 * Each line carries in {@value #SEQ} the sequence number of the last event it reflects, so a
 * redelivered event changes nothing.
 */
public final class LineStore {

    /** The field of a line document holding the item's id. */
    public static final String ITEM = "item";
    /** The field of a line document holding the line itself. */
    public static final String LINE = "line";
    /** The field of a line holding the sequence number of the last event it reflects. */
    public static final String SEQ = "seq";
    /** The field of an index entry naming the key of the item's line. */
    public static final String AT = "at";
    private static final String LISTED = "listed";

    private final MongoCollection<Document> lines;
    private final MongoCollection<Document> index;
    private final Slots slots;
    private final MongoCollection<Document> listings;
    private final String listField;
    private final List<String> legacy;
    private final MongoDatabase database;
    private final MongoCollection<Document> counters;
    private final LineVersions versions;
    private final ChangeLog log;

    /**
     * @param counters  collection of the per-group slot counters
     * @param listings  collection of the listings that name groups, or {@code null} when readers name them
     * @param listField the field of a listing holding its members
     * @param legacy    collections of an earlier layout of this read model, dropped by {@link #reset()}
     */
    public LineStore(MongoDatabase database, String lines, String index, String counters, String listings,
                     String listField, List<String> legacy) {
        this(database, lines, index, counters, listings, listField, legacy, null);
    }

    /**
     * A store that also keeps each line's versions day by day in {@code versions} ({@link LineVersions}),
     * so that a reader can ask for the lines as they stood at the end of any past day.
     */
    public LineStore(MongoDatabase database, String lines, String index, String counters, String listings,
                     String listField, List<String> legacy, String versions) {
        this(database, lines, index, counters, listings, listField, legacy, versions, null);
    }

    /**
     * A store that also records in {@code changes} which lines it wrote ({@link ChangeLog}), so that a reader
     * can keep a copy of the lines and fetch only those written since it last looked ({@link LineMirror}).
     * A change that leaves a line's figures as they were (only its sequence number moves) is not recorded.
     */
    public LineStore(MongoDatabase database, String lines, String index, String counters, String listings,
                     String listField, List<String> legacy, String versions, String changes) {
        this.log = changes == null ? null : new ChangeLog(database, counters, changes);
        this.database = database;
        this.lines = database.getCollection(lines);
        this.index = database.getCollection(index);
        this.slots = new Slots(database, counters);
        this.listings = listings == null ? null : database.getCollection(listings);
        this.listField = listField;
        this.legacy = List.copyOf(legacy);
        this.counters = database.getCollection(counters);
        this.versions = versions == null ? null : new LineVersions(database, versions);
    }

    /**
     * Enters an item's first line in a slot of {@code group}, unless it entered before (a redelivered
     * first event). The first item of a group lists {@code member} in the listing {@code listing}.
     *
     * @param fixed fields of the line's document that no event changes (the ledger, the department)
     */
    public void enter(String itemId, String group, String listing, String member, Document line,
                      Map<String, ?> fixed) {
        enter(itemId, group, listing, member, line, fixed, null);
    }

    /**
     * As {@link #enter(String, String, String, String, Document, Map)}, the line entered on {@code day}
     * (the day of the event, in the office's zone), kept as the line's first version when this store keeps
     * versions.
     */
    public void enter(String itemId, String group, String listing, String member, Document line,
                      Map<String, ?> fixed, LocalDate day) {
        if (versions != null) {
            line = versions.record(itemId, null, line, day);
        }
        Document entry = index.find(Filters.eq("_id", itemId)).first();
        String key = entry == null ? place(itemId, group, listing, member) : keyOf(entry);
        Document document = new Document(fixed).append(ITEM, itemId).append(LINE, line);
        lines.updateOne(Filters.eq("_id", key), new Document("$setOnInsert", document),
                new UpdateOptions().upsert(true));
        if (log != null) {
            log.written(Keys.first(key), key);
        }
    }

    private String place(String itemId, String group, String listing, String member) {
        Slots.Taken taken = slots.take(group, LISTED);
        if (listings != null && !taken.had(LISTED)) {
            listings.updateOne(Filters.eq("_id", listing), Updates.addToSet(listField, member),
                    new UpdateOptions().upsert(true));
            slots.mark(group, LISTED);
        }
        Document before = index.findOneAndUpdate(Filters.eq("_id", itemId), Updates.setOnInsert(AT, taken.key()),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
        return before == null ? taken.key() : keyOf(before);
    }

    /**
     * The line an index entry names. An entry without one was written by an earlier layout: only a
     * rebuild of the processing group mends that, so say so rather than fail on a missing line.
     */
    private static String keyOf(Document entry) {
        String key = entry.getString(AT);
        if (key == null) {
            throw new IllegalStateException("The index entry of " + entry.get("_id")
                    + " names no line: the read model predates per-line documents; rebuild its processing group");
        }
        return key;
    }

    /**
     * Replaces an item's line with what event {@code seq} made of it, unless the line already
     * reflects that event. The item must have entered the read model.
     */
    public void change(String itemId, long seq, UnaryOperator<Document> change) {
        change(itemId, seq, null, change);
    }

    /**
     * As {@link #change(String, long, UnaryOperator)}, for an event of {@code day} (in the office's zone):
     * the changed line is also kept as the line's version of that day when this store keeps versions.
     */
    public void change(String itemId, long seq, LocalDate day, UnaryOperator<Document> change) {
        Document entry = index.find(Filters.eq("_id", itemId)).first();
        if (entry == null) {
            throw new IllegalStateException(itemId + " has no entry in " + index.getNamespace().getCollectionName());
        }
        String key = keyOf(entry);
        Document stored = lines.find(Filters.eq("_id", key)).projection(Projections.include(LINE)).first();
        if (stored == null) {
            throw new IllegalStateException("No line " + key + " of " + itemId);
        }
        Document line = stored.get(LINE, Document.class);
        if (seq > ((Number) line.get(SEQ)).longValue()) {
            Document changed = change.apply(line);
            changed.put(SEQ, seq);
            if (versions != null) {
                changed = versions.record(itemId, line, changed, day);
            }
            lines.updateOne(Filters.eq("_id", key), Updates.set(LINE, changed));
            if (log != null && !sameBut(line, changed, SEQ)) {
                log.written(Keys.first(key), key);
            }
        } else if (log != null) {
            // delivered again: perhaps after a crash between the line's write and its change's record
            log.written(Keys.first(key), key);
        }
    }

    /** Whether two lines differ in nothing but {@code fields}. */
    static boolean sameBut(Document a, Document b, String... fields) {
        Document left = new Document(a);
        Document right = new Document(b);
        for (String field : fields) {
            left.remove(field);
            right.remove(field);
        }
        return left.equals(right);
    }

    /**
     * As {@link #change(String, long, UnaryOperator)} for a read model that holds only some items (the
     * referred ones): an item that never entered is passed over.
     */
    public void changeIfEntered(String itemId, long seq, UnaryOperator<Document> change) {
        if (index.find(Filters.eq("_id", itemId)).first() != null) {
            change(itemId, seq, change);
        }
    }

    /** Forgets every line, index entry, counter and listing, and drops the collections of an earlier layout. */
    public void reset() {
        lines.deleteMany(new Document());
        index.deleteMany(new Document());
        counters.deleteMany(new Document());
        if (listings != null) {
            listings.deleteMany(new Document());
        }
        if (versions != null) {
            versions.reset();
        }
        if (log != null) {
            log.reset();
        }
        legacy.forEach(name -> database.getCollection(name).drop());
    }
}
