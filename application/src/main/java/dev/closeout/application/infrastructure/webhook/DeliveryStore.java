package dev.closeout.application.infrastructure.webhook;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

/**
 * Deliveries in {@value #COLLECTION}, keyed {@code subscriptionId:sequence}. Every read is by
 * exact key ({@code _id} or {@code _id $in}), the only fast query on the embedded server: the
 * dispatcher knows the keys of due deliveries from its subscription's {@code pending} map, and a
 * listing walks the subscription's window of alert sequences, as the alert feed does.
 * <p>
 * <b>Fenced writes.</b> Every change to a delivery names the {@code revision} it read and adds one
 * to it, so a write based on a stale read (an instance that lost its lease mid-attempt, a retry
 * racing the dispatcher) matches nothing and is refused. A unique index on {@code {_id, revision}}
 * lets the embedded server find that filter by index (it ignores {@code _id} once another field is
 * added, and would scan every delivery); MongoDB uses {@code _id} either way.
 * <p>
 * <b>Retention.</b> Each delivered record is listed, before it is marked delivered, under the day
 * (UTC) it is delivered on, in {@value #DELIVERED_DAYS}: a day document {@code subscriptionId:day}
 * counts the listings ({@code listed}), and each listing goes to the chunk its slot in that count
 * falls in, {@code subscriptionId:day:n} with {@code n = slot / chunkCapacity}. A chunk holds at
 * most {@code chunkCapacity} sequences however many alerts a day brings (one growing list would
 * reach MongoDB's 16 MB document limit near a million a day, and every {@code $addToSet} rewrites
 * the whole list). The slot comes from {@code $inc} with {@link ReturnDocument#BEFORE}, which the
 * embedded server answers without duplicates under concurrency. Pruning a day reads the day
 * document, then each chunk by its exact {@code _id}, and deletes what they list by
 * {@code _id $in}, so old records are found by exact keys and no query ever ranges over delivery
 * times. Pending and parked records are never listed.
 * <p>
 * A record delivered again (its first result was refused, or the instance crashed before marking
 * it) is listed again and may land in another chunk: a duplicate that pruning reads twice and
 * deletes once. Each listing follows a 2xx answer from the endpoint, so the count grows only with
 * deliveries actually made.
 */
class DeliveryStore {

    static final String COLLECTION = "webhook_deliveries";
    static final String DELIVERED_DAYS = "webhook_delivered_days";
    /** How many alert positions one listing page may look through. */
    private static final int SCAN_WINDOW = 1_000;
    private static final int KEYS_PER_QUERY = 500;
    /** Sequences one chunk of a day's delivered list holds at most. */
    static final int CHUNK_CAPACITY = 1_000;

    private final MongoCollection<Document> deliveries;
    private final MongoCollection<Document> deliveredDays;
    private final int chunkCapacity;

    DeliveryStore(MongoDatabase database) {
        this(database, CHUNK_CAPACITY);
    }

    /** With chunks of {@code chunkCapacity} sequences: tests use a few, to see a day span many chunks. */
    DeliveryStore(MongoDatabase database, int chunkCapacity) {
        if (chunkCapacity < 1) {
            throw new IllegalArgumentException("chunkCapacity must be positive");
        }
        this.deliveries = database.getCollection(COLLECTION);
        this.deliveredDays = database.getCollection(DELIVERED_DAYS);
        this.chunkCapacity = chunkCapacity;
        deliveries.createIndex(Indexes.ascending("_id", "revision"), new IndexOptions().unique(true).name("fence"));
    }

    /** Inserts these pending deliveries; one that exists already (after a crash or a lost lease) is left as it is. */
    void createAll(Collection<Delivery> created) {
        if (created.isEmpty()) {
            return;
        }
        List<UpdateOneModel<Document>> upserts = created.stream().map(d -> new UpdateOneModel<Document>(
                Filters.eq("_id", d.id()),
                Updates.combine(Updates.setOnInsert("subscriptionId", d.subscriptionId()),
                        Updates.setOnInsert("sequence", d.sequence()), Updates.setOnInsert("alertId", d.alertId()),
                        Updates.setOnInsert("body", d.body()), Updates.setOnInsert("status", d.status().name()),
                        Updates.setOnInsert("attempts", 0), Updates.setOnInsert("revision", 0L)),
                new UpdateOptions().upsert(true))).toList();
        deliveries.bulkWrite(upserts, new BulkWriteOptions().ordered(false));
    }

    Optional<Delivery> find(String id) {
        return Optional.ofNullable(deliveries.find(Filters.eq("_id", id)).first()).map(DeliveryStore::from);
    }

    List<Delivery> findAll(Collection<String> ids) {
        List<Delivery> found = new ArrayList<>();
        deliveries.find(Filters.in("_id", ids)).forEach(d -> found.add(from(d)));
        found.sort(Comparator.comparingLong(Delivery::sequence));
        return found;
    }

    /** Marks it delivered; false when the record changed since {@code d} was read, and nothing was written. */
    boolean delivered(Delivery d, int attempts, Instant firstAttemptAt, Instant at) {
        return fenced(d, Updates.set("status", Delivery.Status.DELIVERED.name()), Updates.set("attempts", attempts),
                Updates.set("firstAttemptAt", Date.from(firstAttemptAt)), Updates.set("lastAttemptAt", Date.from(at)),
                Updates.set("deliveredAt", Date.from(at)), Updates.unset("nextAttemptAt"));
    }

    /** Records a failed attempt; false when the record changed since {@code d} was read, and nothing was written. */
    boolean failed(Delivery d, int attempts, Instant firstAttemptAt, Instant at, String error, Instant next) {
        return fenced(d, Updates.set("attempts", attempts), Updates.set("firstAttemptAt", Date.from(firstAttemptAt)),
                Updates.set("lastAttemptAt", Date.from(at)), Updates.set("lastError", error),
                Updates.set("nextAttemptAt", Date.from(next)));
    }

    /** Parks it; false when the record changed since {@code d} was read (delivered elsewhere, say), and nothing was written. */
    boolean parked(Delivery d, int attempts, Instant firstAttemptAt, Instant at, String error) {
        return fenced(d, Updates.set("status", Delivery.Status.PARKED.name()), Updates.set("attempts", attempts),
                Updates.set("firstAttemptAt", Date.from(firstAttemptAt)), Updates.set("lastAttemptAt", Date.from(at)),
                Updates.set("lastError", error), Updates.unset("nextAttemptAt"));
    }

    /**
     * Back to pending as if new: attempts and the give-up horizon start again; the last error stays for
     * reference. False when the record changed since {@code d} was read.
     */
    boolean retry(Delivery d, Instant due) {
        return fenced(d, Updates.set("status", Delivery.Status.PENDING.name()), Updates.set("attempts", 0),
                Updates.unset("firstAttemptAt"), Updates.set("nextAttemptAt", Date.from(due)));
    }

    private boolean fenced(Delivery d, Bson... updates) {
        List<Bson> all = new ArrayList<>(List.of(updates));
        all.add(Updates.inc("revision", 1L));
        // A plain document, not Filters.and: the embedded server uses the index only for that shape.
        Document asRead = new Document("_id", d.id()).append("revision", d.revision());
        return deliveries.updateOne(asRead, Updates.combine(all)).getModifiedCount() == 1;
    }

    /**
     * Lists a delivery under the day it is delivered on, so that it can be pruned by exact keys;
     * written before the record is marked delivered, so that no delivered record escapes the lists.
     * The day document keeps the capacity its chunks were cut with, so that an instance configured
     * otherwise still finds them.
     */
    void listDelivered(Delivery d, Instant at) {
        String dayKey = dayKey(d.subscriptionId(), day(at));
        Document before = deliveredDays.findOneAndUpdate(Filters.eq("_id", dayKey),
                Updates.combine(Updates.inc("listed", 1L), Updates.setOnInsert("chunkCapacity", chunkCapacity)),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE)
                        .projection(Projections.include("listed", "chunkCapacity")));
        long slot = before == null ? 0 : number(before, "listed", 0);
        deliveredDays.updateOne(Filters.eq("_id", chunkKey(dayKey, slot / capacity(before))),
                Updates.addToSet("sequences", d.sequence()), new UpdateOptions().upsert(true));
    }

    /** What pruning one day did: the records it deleted, and whether it finished the day (its lists are gone). */
    record DayPruned(int deleted, boolean done) {
    }

    /**
     * Deletes the records listed as delivered on this day that are delivered and older than
     * {@code cutoff}, one chunk after another, each chunk once its records are done, then the day
     * document. A listed record that is not delivered (its delivered write was refused) is kept; if it
     * is delivered later, it is listed under that day. Records are read {@value #KEYS_PER_QUERY} at a
     * time, status and delivery time only; {@code nextBatch} is asked before each batch and stops the
     * day when it answers false (the run's budget is spent, or its lease lost): the next call picks up
     * at the first chunk still there.
     */
    DayPruned pruneDay(Subscription s, LocalDate day, Instant cutoff, BooleanSupplier nextBatch) {
        String dayKey = dayKey(s.id(), day);
        Document dayDocument = deliveredDays.find(Filters.eq("_id", dayKey)).first();
        if (dayDocument == null) {
            return new DayPruned(0, true);
        }
        List<String> lists = new ArrayList<>(chunkKeys(dayKey, dayDocument));
        // Last, and read from the day document itself: its own list, from before lists were cut in chunks.
        lists.add(dayKey);
        int deleted = 0;
        for (String key : lists) {
            Document list = key.equals(dayKey) ? dayDocument : deliveredDays.find(Filters.eq("_id", key)).first();
            List<String> ids = list == null || list.get("sequences") == null ? List.of()
                    : list.getList("sequences", Number.class).stream().map(n -> s.deliveryId(n.longValue())).toList();
            for (int from = 0; from < ids.size(); from += KEYS_PER_QUERY) {
                if (!nextBatch.getAsBoolean()) {
                    return new DayPruned(deleted, false);
                }
                deleted += deleteDeliveredBefore(ids.subList(from, Math.min(ids.size(), from + KEYS_PER_QUERY)), cutoff);
            }
            deliveredDays.deleteOne(Filters.eq("_id", key));
        }
        return new DayPruned(deleted, true);
    }

    private int deleteDeliveredBefore(List<String> ids, Instant cutoff) {
        List<String> old = new ArrayList<>();
        deliveries.find(Filters.in("_id", ids)).projection(Projections.include("status", "deliveredAt")).forEach(d -> {
            Date deliveredAt = d.getDate("deliveredAt");
            if (Delivery.Status.DELIVERED.name().equals(d.getString("status")) && deliveredAt != null
                    && deliveredAt.toInstant().isBefore(cutoff)) {
                old.add(d.getString("_id"));
            }
        });
        return old.isEmpty() ? 0 : (int) deliveries.deleteMany(Filters.in("_id", old)).getDeletedCount();
    }

    /** The keys of a day's chunks, as many as its count of listings fills. */
    private List<String> chunkKeys(String dayKey, Document dayDocument) {
        long chunks = (number(dayDocument, "listed", 0) + capacity(dayDocument) - 1) / capacity(dayDocument);
        return LongStream.range(0, chunks).mapToObj(n -> chunkKey(dayKey, n)).toList();
    }

    private long capacity(Document dayDocument) {
        return dayDocument == null ? chunkCapacity : number(dayDocument, "chunkCapacity", chunkCapacity);
    }

    private static long number(Document d, String field, long otherwise) {
        Object value = d.get(field);
        return value == null ? otherwise : ((Number) value).longValue();
    }

    static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    private static String dayKey(String subscriptionId, LocalDate day) {
        return subscriptionId + ":" + day;
    }

    private static String chunkKey(String dayKey, long chunk) {
        return dayKey + ":" + chunk;
    }

    /** A page of a subscription's deliveries after alert sequence {@code after}, oldest first. */
    record Page(List<Delivery> deliveries, long next) {
    }

    Page page(Subscription s, long after, int limit, Delivery.Status status) {
        long position = Math.max(after, s.startSequence());
        long end = Math.min(s.cursor(), position + SCAN_WINDOW);
        List<Delivery> found = new ArrayList<>();
        while (position < end && found.size() < limit) {
            long to = Math.min(end, position + KEYS_PER_QUERY);
            for (Delivery d : findAll(LongStream.rangeClosed(position + 1, to).mapToObj(s::deliveryId).toList())) {
                if (found.size() == limit) {
                    return new Page(found, found.get(found.size() - 1).sequence());
                }
                if (status == null || d.status() == status) {
                    found.add(d);
                }
            }
            position = to;
        }
        return new Page(found, Math.max(position, after));
    }

    /**
     * Removes a deleted subscription's deliveries, by key window up to alert sequence {@code through}
     * so it never scans the collection, and its day lists with their chunks, by key from the day after
     * the last prune (or its creation) to tomorrow (for an instance whose clock runs ahead).
     */
    void deleteAll(Subscription s, long through, Instant now) {
        LocalDate first = s.prunedThrough() == null ? day(s.createdAt()) : s.prunedThrough().plusDays(1);
        LocalDate end = day(now).plusDays(2);
        List<String> dayKeys = !first.isBefore(end) ? List.of()
                : first.datesUntil(end).map(day -> dayKey(s.id(), day)).toList();
        for (int from = 0; from < dayKeys.size(); from += KEYS_PER_QUERY) {
            List<String> keys = new ArrayList<>(dayKeys.subList(from, Math.min(dayKeys.size(), from + KEYS_PER_QUERY)));
            deliveredDays.find(Filters.in("_id", List.copyOf(keys))).projection(Projections.include("listed", "chunkCapacity"))
                    .forEach(d -> keys.addAll(chunkKeys(d.getString("_id"), d)));
            for (int chunk = 0; chunk < keys.size(); chunk += KEYS_PER_QUERY) {
                deliveredDays.deleteMany(Filters.in("_id", keys.subList(chunk, Math.min(keys.size(), chunk + KEYS_PER_QUERY))));
            }
        }
        for (long from = s.startSequence(); from < through; from += KEYS_PER_QUERY) {
            deliveries.deleteMany(Filters.in("_id", LongStream.rangeClosed(from + 1, Math.min(through, from + KEYS_PER_QUERY))
                    .mapToObj(s::deliveryId).toList()));
        }
    }

    private static Delivery from(Document d) {
        return new Delivery(d.getString("_id"), d.getString("subscriptionId"), ((Number) d.get("sequence")).longValue(),
                d.getString("alertId"), d.getString("body"), Delivery.Status.valueOf(d.getString("status")),
                ((Number) d.get("attempts")).intValue(), instant(d, "firstAttemptAt"), instant(d, "lastAttemptAt"),
                instant(d, "nextAttemptAt"), d.getString("lastError"), instant(d, "deliveredAt"),
                d.get("revision") == null ? null : ((Number) d.get("revision")).longValue());
    }

    private static Instant instant(Document d, String field) {
        Date date = d.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
