package dev.closeout.projections.support;

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
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Compact lines of a read model, one per item, spread over bucket documents of bounded size,
 * so that no document nears MongoDB's 16 MB limit and an event rewrites one small document.
 * <p>
 * Items belong to a group (a ledger department, a month of receipt). An item's bucket is
 * chosen once, when it first enters the read model, and recorded in an index keyed by the
 * item's id before its line is written; every later event finds the line there by
 * {@code _id}. The buckets of a group fill in turn: a counter document per group hands out
 * slots with an atomic {@code $inc}, and slot {@code n} goes to bucket {@code n / capacity}.
 * The counter is read with {@link ReturnDocument#BEFORE} because the embedded server can
 * return the same {@code AFTER} value to concurrent callers; {@code BEFORE} never repeats, so
 * concurrent segments placing items of one group never share a slot. A slot lost to a crash
 * between the counter and the index leaves a bucket one line short, nothing worse; a
 * redelivered first event finds the index entry and writes to the same bucket.
 * <p>
 * A reader finds buckets through listings ({@link ListedBuckets}): a small document per key it
 * asks by (a ledger, a month) holding the keys of the buckets to read. A bucket is listed before its first line is
 * written, so a read never misses a line.
 * <p>
 * Each line carries in {@value #SEQ} the sequence number of the last event it reflects, so a
 * redelivered event changes nothing.
 * <p>
 * Changing the capacity of an existing read model is safe without a rebuild: later slots map
 * to buckets at or after the ones in use, so a bucket holds at most the old plus the new
 * capacity.
 */
public final class LineBuckets {

    /**
     * About 100 KB of lines. An event's cost grows with its bucket (LedgerBucketBenchmark, 50,000
     * lines in one department, embedded memory server: 1.0 ms per event at 500 lines a bucket,
     * 4 ms at 2,000, 226 ms in one document), while a read of the whole ledger barely changes.
     */
    public static final int DEFAULT_CAPACITY = 500;
    /** The field of a bucket document that maps item ids to their lines. */
    public static final String LINES = "lines";
    /** The field of an index entry naming the bucket the item's line lives in. */
    public static final String BUCKET = "bucket";
    /** The field of a listing that holds the keys of its buckets. */
    public static final String LISTED = "buckets";
    /** The field of a line holding the sequence number of the last event it reflects. */
    public static final String SEQ = "seq";

    private final MongoCollection<Document> buckets;
    private final MongoCollection<Document> index;
    private final MongoCollection<Document> counters;
    private final MongoCollection<Document> listings;
    private final int capacity;

    /**
     * @param buckets  collection of the bucket documents
     * @param index    collection mapping item ids to their bucket
     * @param counters collection of the per-group slot counters; other fields of its documents are left alone
     * @param listings collection of the listings readers find buckets by; may be the same as {@code counters}
     */
    public LineBuckets(MongoDatabase database, String buckets, String index, String counters, String listings,
                       int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("A bucket must hold at least one line, not " + capacity);
        }
        this.buckets = database.getCollection(buckets);
        this.index = database.getCollection(index);
        this.counters = database.getCollection(counters);
        this.listings = database.getCollection(listings);
        this.capacity = capacity;
    }

    /**
     * The bucket an index entry names. An entry without one was written by the layout before
     * buckets: only a rebuild of the processing group mends that, so say so rather than fail
     * on a missing line.
     */
    private static String bucketOf(Document entry) {
        String bucket = entry.getString(BUCKET);
        if (bucket == null) {
            throw new IllegalStateException("The index entry of " + entry.get("_id")
                    + " names no bucket: the read model predates ledger buckets; rebuild its processing group");
        }
        return bucket;
    }

    /** The index entry of an item, or {@code null} when it never entered the read model. */
    private Document locate(String itemId) {
        return index.find(Filters.eq("_id", itemId)).first();
    }

    /**
     * The index entry of an item entering the read model: the one already recorded, or else a
     * new one naming a freshly allocated bucket of {@code group} and holding {@code attributes}.
     */
    private Document place(String itemId, String group, Map<String, ?> attributes) {
        Document known = locate(itemId);
        if (known != null) {
            return known;
        }
        String bucket = allocate(group);
        List<Bson> onInsert = new ArrayList<>();
        onInsert.add(Updates.setOnInsert(BUCKET, bucket));
        attributes.forEach((field, value) -> onInsert.add(Updates.setOnInsert(field, value)));
        Document before = index.findOneAndUpdate(Filters.eq("_id", itemId), Updates.combine(onInsert),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
        if (before != null) {
            return before;
        }
        Document placed = new Document("_id", itemId).append(BUCKET, bucket);
        placed.putAll(attributes);
        return placed;
    }

    private String allocate(String group) {
        Document before = counters.findOneAndUpdate(Filters.eq("_id", group), Updates.inc("lines", 1L),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE)
                        .projection(Projections.include("lines")));
        long slot = before == null || before.get("lines") == null ? 0 : ((Number) before.get("lines")).longValue();
        return Keys.of(group, slot / capacity);
    }

    /** An item's line as stored, or {@code null} when its bucket holds none. */
    public Document line(String bucket, String itemId) {
        Document d = buckets.find(Filters.eq("_id", bucket)).projection(Projections.include(LINES + "." + itemId))
                .first();
        Document lines = d == null ? null : d.get(LINES, Document.class);
        return lines == null ? null : lines.get(itemId, Document.class);
    }

    /**
     * Enters an item's first line: places the item in a bucket of {@code group} (an index entry
     * holding {@code attributes}), lists that bucket under {@code listing}, and writes the line
     * unless the bucket already holds one (a redelivered first event). {@code onInsert} sets the
     * fields of a bucket when it is created.
     */
    public void enter(String itemId, String group, Map<String, ?> attributes, String listing, Document line,
                      Map<String, ?> onInsert) {
        String bucket = bucketOf(place(itemId, group, attributes));
        listings.updateOne(Filters.eq("_id", listing), Updates.addToSet(LISTED, bucket),
                new UpdateOptions().upsert(true));
        if (line(bucket, itemId) != null) {
            return;
        }
        List<Bson> updates = new ArrayList<>();
        onInsert.forEach((field, value) -> updates.add(Updates.setOnInsert(field, value)));
        updates.add(Updates.set(LINES + "." + itemId, line));
        Bson update = Updates.combine(updates);
        try {
            buckets.updateOne(Filters.eq("_id", bucket), update, new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // Another segment's upsert created the bucket first: it exists now, so update it.
            buckets.updateOne(Filters.eq("_id", bucket), update);
        }
    }

    /**
     * Replaces an item's line with what event {@code seq} made of it, unless the line already
     * reflects that event; other items' lines in the bucket are untouched. The item must have
     * entered the read model.
     *
     * @param change given the item's index entry and its stored line, the line after the event
     */
    public void change(String itemId, long seq, BiFunction<Document, Document, Document> change) {
        Document entry = locate(itemId);
        if (entry == null) {
            throw new IllegalStateException(itemId + " has no entry in " + index.getNamespace().getCollectionName());
        }
        String bucket = bucketOf(entry);
        Document stored = line(bucket, itemId);
        if (stored == null) {
            throw new IllegalStateException("The bucket " + bucket + " holds no line of " + itemId);
        }
        if (seq > ((Number) stored.get(SEQ)).longValue()) {
            Document changed = change.apply(entry, stored);
            changed.put(SEQ, seq);
            buckets.updateOne(Filters.eq("_id", bucket), Updates.set(LINES + "." + itemId, changed));
        }
    }

    /** The lines of a bucket document, by item id. */
    public static Map<String, Object> lines(Document bucket) {
        Document lines = bucket.get(LINES, Document.class);
        return lines == null ? Map.of() : lines;
    }

    /** Forgets every bucket, index entry, counter and listing. */
    public void reset() {
        buckets.deleteMany(new Document());
        index.deleteMany(new Document());
        counters.deleteMany(new Document());
        listings.deleteMany(new Document());
    }
}
