package dev.closeout.projections.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * <p>
 * The entries and changes of a processor batch are gathered and written together at its end
 * ({@link EndOfBatch}, decision 0018), in the order above: slots taken a group at a time and recorded in the
 * index, then the lines each read once, changed in memory event by event and written in one bulk write (their
 * versions first, their change records after), so a batch delivered again after a crash writes the same lines
 * under the same keys.
 * <p>
 * An item's slot never changes once recorded, so the store holds the keys of the items it wrote last
 * ({@value #HELD_KEYS} at most, least recently written out first) and reads the index only for the others: a
 * claim or a progress report reads its line and nothing else, and a replay's later batches read no index at all. A
 * held key is checked against the line read under it, which names its item: a store reset and filled again by
 * another instance (a rebuild there) may have given the slot to another item, and then the batch is written again
 * from the index alone, every held key forgotten.
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
    /** How many items' line keys a store holds between batches (about 200 bytes each). */
    public static final int HELD_KEYS = 20_000;
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

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
    /** The line key of each item written last, by item; the processor's thread and {@link #reset()}, under its lock. */
    private final Map<String, String> heldKeys = LastUsed.map(HELD_KEYS);

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
        gather(new Step(itemId, group, listing, member, line, new LinkedHashMap<>(fixed), day, -1, null, false));
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
        gather(new Step(itemId, null, null, null, null, null, day, seq, change, false));
    }

    /**
     * As {@link #change(String, long, UnaryOperator)} for a read model that holds only some items (the
     * referred ones): an item that never entered is passed over.
     */
    public void changeIfEntered(String itemId, long seq, UnaryOperator<Document> change) {
        gather(new Step(itemId, null, null, null, null, null, null, seq, change, true));
    }

    private void gather(Step step) {
        if (versions != null && step.day() == null) {
            throw new IllegalArgumentException("A line that keeps versions changes on a day");
        }
        EndOfBatch.gather(this, step, this::write);
    }

    /**
     * An entry ({@code line} given) or a change ({@code change} given) of one item's line, as an event asked for
     * it; {@code ifEntered}: a change passed over when the item never entered.
     */
    private record Step(String itemId, String group, String listing, String member, Document line,
                        Map<String, Object> fixed, LocalDate day, long seq, UnaryOperator<Document> change,
                        boolean ifEntered) {

        boolean entry() {
            return line != null;
        }
    }

    /** A line as the batch leaves it: its key, its fixed fields when the batch entered it, and whether it changed. */
    private static final class Written {

        final String key;
        final String item;
        Document line;
        Map<String, Object> fixed;
        boolean changed;

        Written(String key, String item, Document line) {
            this.key = key;
            this.item = item;
            this.line = line;
        }
    }

    /** The steps of one batch, written together. */
    private void write(List<Step> steps) {
        if (!write(steps, true)) {
            // a held key named no line, or another item's: forget them all, and find every key in the index
            synchronized (heldKeys) {
                heldKeys.clear();
            }
            write(steps, false);
        }
    }

    /**
     * The steps of one batch, written together, their items' keys taken from those held where {@code held}; false,
     * having written no line, when a held key's line is missing or another item's.
     */
    private boolean write(List<Step> steps, boolean held) {
        List<String> items = steps.stream().map(Step::itemId).distinct().toList();
        Map<String, String> heldHere = held ? heldKeysOf(items) : Map.of();
        Map<String, String> keys = new HashMap<>(heldHere);
        Slots.byKey(index, items.stream().filter(item -> !heldHere.containsKey(item)).toList(), null)
                .forEach((item, entry) -> keys.put(item, keyOf(entry)));
        Set<String> placed = new HashSet<>();
        place(steps.stream().filter(step -> step.entry() && !keys.containsKey(step.itemId())).toList(), keys, placed);
        // a slot this batch recorded has no line yet: only the others are read
        Map<String, Written> written = new LinkedHashMap<>();
        Slots.byKey(lines, steps.stream().filter(step -> !placed.contains(step.itemId()))
                .map(step -> keys.get(step.itemId())).filter(Objects::nonNull).distinct().toList(),
                Projections.include(ITEM, LINE))
                .forEach((key, stored) -> written.put(key,
                        new Written(key, stored.getString(ITEM), stored.get(LINE, Document.class))));
        for (Map.Entry<String, String> item : heldHere.entrySet()) {
            Written line = written.get(item.getValue());
            if (line == null || !item.getKey().equals(line.item)) {
                return false;
            }
        }
        Map<Object, Document> newVersions = new LinkedHashMap<>();
        List<String> recorded = new ArrayList<>();
        for (Step step : steps) {
            String key = keys.get(step.itemId());
            if (step.entry()) {
                if (!written.containsKey(key)) {
                    Document line = versions == null ? step.line()
                            : versions.record(step.itemId(), null, step.line(), step.day(), newVersions);
                    Written entered = new Written(key, step.itemId(), line);
                    entered.fixed = step.fixed();
                    entered.changed = true;
                    written.put(key, entered);
                }
                recorded.add(key);
                continue;
            }
            if (key == null && step.ifEntered()) {
                continue;
            }
            if (key == null) {
                throw new IllegalStateException(step.itemId() + " has no entry in "
                        + index.getNamespace().getCollectionName());
            }
            Written current = written.get(key);
            if (current == null) {
                throw new IllegalStateException("No line " + key + " of " + step.itemId());
            }
            Document line = current.line;
            if (step.seq() > ((Number) line.get(SEQ)).longValue()) {
                Document changed = step.change().apply(new Document(line));
                changed.put(SEQ, step.seq());
                if (versions != null) {
                    changed = versions.record(step.itemId(), line, changed, step.day(), newVersions);
                }
                current.line = changed;
                current.changed = true;
                if (!sameBut(line, changed, SEQ)) {
                    recorded.add(key);
                }
            } else {
                // delivered again: perhaps after a crash between the line's write and its change's record
                recorded.add(key);
            }
        }
        if (versions != null) {
            versions.write(newVersions.values());
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (Written line : written.values()) {
            if (line.fixed != null) {
                Document document = new Document(line.fixed).append(ITEM, line.item).append(LINE, line.line);
                writes.add(new UpdateOneModel<>(Filters.eq("_id", line.key), new Document("$setOnInsert", document),
                        UPSERT));
            } else if (line.changed) {
                // Updates.set(LINE, line) as a document: encoded once (AuditTrailProjection.writeEntries)
                writes.add(new UpdateOneModel<>(new Document("_id", line.key), new Document("$set", new Document(LINE, line.line))));
            }
        }
        if (!writes.isEmpty()) {
            lines.bulkWrite(writes, UNORDERED);
        }
        synchronized (heldKeys) {
            heldKeys.putAll(keys);
        }
        if (log != null && !recorded.isEmpty()) {
            log.written(recorded, EndOfBatch.replaying());
        }
        return true;
    }

    /** The keys held of these items, by item. */
    private Map<String, String> heldKeysOf(List<String> items) {
        Map<String, String> found = new HashMap<>();
        synchronized (heldKeys) {
            for (String item : items) {
                String key = heldKeys.get(item);
                if (key != null) {
                    found.put(item, key);
                }
            }
        }
        return found;
    }

    /**
     * Takes slots for the items entering for the first time, a group at a time, lists each group a reader cannot
     * name before its first line, and records each item's slot in the index before anything is written there.
     * Puts each item's key into {@code keys}, read back from the index when another writer recorded one first,
     * and into {@code placed} the items whose slots this call recorded.
     */
    private void place(List<Step> entries, Map<String, String> keys, Set<String> placed) {
        Map<String, Step> firsts = new LinkedHashMap<>();
        entries.forEach(step -> firsts.putIfAbsent(step.itemId(), step));
        if (firsts.isEmpty()) {
            return;
        }
        Map<String, List<Step>> byGroup = new LinkedHashMap<>();
        firsts.values().forEach(step -> byGroup.computeIfAbsent(step.group(), group -> new ArrayList<>()).add(step));
        Map<String, String> taken = new LinkedHashMap<>();
        List<WriteModel<Document>> records = new ArrayList<>();
        byGroup.forEach((group, steps) -> {
            Slots.Run run = slots.take(group, steps.size(), LISTED);
            if (listings != null && !run.had(LISTED)) {
                Step first = steps.get(0);
                listings.updateOne(Filters.eq("_id", first.listing()), Updates.addToSet(listField, first.member()),
                        UPSERT);
                slots.mark(group, LISTED);
            }
            for (int i = 0; i < steps.size(); i++) {
                taken.put(steps.get(i).itemId(), run.key(i));
                records.add(new UpdateOneModel<>(Filters.eq("_id", steps.get(i).itemId()),
                        Updates.setOnInsert(AT, run.key(i)), UPSERT));
            }
        });
        if (index.bulkWrite(records, UNORDERED).getUpserts().size() == records.size()) {
            keys.putAll(taken);
            placed.addAll(taken.keySet());
        } else {
            Slots.byKey(index, taken.keySet(), null).forEach((item, entry) -> keys.put(item, keyOf(entry)));
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

    /** Forgets every line, index entry, counter and listing, and drops the collections of an earlier layout. */
    public void reset() {
        synchronized (heldKeys) {
            heldKeys.clear();
        }
        lines.drop();
        index.drop();
        counters.drop();
        if (listings != null) {
            listings.drop();
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
