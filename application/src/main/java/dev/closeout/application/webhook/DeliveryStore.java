package dev.closeout.application.webhook;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.BulkWriteOptions;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

/**
 * Deliveries in {@value #COLLECTION}, keyed {@code subscriptionId:sequence}. Every read is by
 * exact key ({@code _id} or {@code _id $in}), the only fast query on the embedded server: the
 * dispatcher knows the keys of due deliveries from its subscription's {@code pending} map, and a
 * listing walks the subscription's window of alert sequences, as the alert feed does.
 */
class DeliveryStore {

    static final String COLLECTION = "webhook_deliveries";
    /** How many alert positions one listing page may look through. */
    private static final int SCAN_WINDOW = 1_000;
    private static final int KEYS_PER_QUERY = 500;

    private final MongoCollection<Document> deliveries;

    DeliveryStore(MongoDatabase database) {
        this.deliveries = database.getCollection(COLLECTION);
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
                        Updates.setOnInsert("attempts", 0)),
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

    void delivered(Delivery d, int attempts, Instant firstAttemptAt, Instant at) {
        deliveries.updateOne(Filters.eq("_id", d.id()), Updates.combine(
                Updates.set("status", Delivery.Status.DELIVERED.name()), Updates.set("attempts", attempts),
                Updates.set("firstAttemptAt", Date.from(firstAttemptAt)), Updates.set("lastAttemptAt", Date.from(at)),
                Updates.set("deliveredAt", Date.from(at)), Updates.unset("nextAttemptAt")));
    }

    void failed(Delivery d, int attempts, Instant firstAttemptAt, Instant at, String error, Instant next) {
        deliveries.updateOne(Filters.eq("_id", d.id()), Updates.combine(
                Updates.set("attempts", attempts), Updates.set("firstAttemptAt", Date.from(firstAttemptAt)),
                Updates.set("lastAttemptAt", Date.from(at)), Updates.set("lastError", error),
                Updates.set("nextAttemptAt", Date.from(next))));
    }

    void parked(Delivery d, int attempts, Instant firstAttemptAt, Instant at, String error) {
        deliveries.updateOne(Filters.eq("_id", d.id()), Updates.combine(
                Updates.set("status", Delivery.Status.PARKED.name()), Updates.set("attempts", attempts),
                Updates.set("firstAttemptAt", Date.from(firstAttemptAt)), Updates.set("lastAttemptAt", Date.from(at)),
                Updates.set("lastError", error), Updates.unset("nextAttemptAt")));
    }

    /** Back to pending as if new: attempts and the give-up horizon start again; the last error stays for reference. */
    void retry(Delivery d, Instant due) {
        deliveries.updateOne(Filters.eq("_id", d.id()), Updates.combine(
                Updates.set("status", Delivery.Status.PENDING.name()), Updates.set("attempts", 0),
                Updates.unset("firstAttemptAt"), Updates.set("nextAttemptAt", Date.from(due))));
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

    /** Removes a deleted subscription's deliveries, by key window so it never scans the collection. */
    void deleteAll(Subscription s) {
        for (long from = s.startSequence(); from < s.cursor(); from += KEYS_PER_QUERY) {
            deliveries.deleteMany(Filters.in("_id", LongStream.rangeClosed(from + 1, Math.min(s.cursor(), from + KEYS_PER_QUERY))
                    .mapToObj(s::deliveryId).toList()));
        }
    }

    private static Delivery from(Document d) {
        return new Delivery(d.getString("_id"), d.getString("subscriptionId"), ((Number) d.get("sequence")).longValue(),
                d.getString("alertId"), d.getString("body"), Delivery.Status.valueOf(d.getString("status")),
                ((Number) d.get("attempts")).intValue(), instant(d, "firstAttemptAt"), instant(d, "lastAttemptAt"),
                instant(d, "nextAttemptAt"), d.getString("lastError"), instant(d, "deliveredAt"));
    }

    private static Instant instant(Document d, String field) {
        Date date = d.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
