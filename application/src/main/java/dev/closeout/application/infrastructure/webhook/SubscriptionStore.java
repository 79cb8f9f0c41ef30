package dev.closeout.application.infrastructure.webhook;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import dev.closeout.projections.alert.Alert;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Subscriptions, one document each in {@value #COLLECTION}. There are few of them (one per
 * consuming system), so listing them all is cheap; every update addresses one document by
 * {@code _id}.
 * <p>
 * <b>Leases.</b> Only one application instance delivers for a subscription at a time. An instance
 * reads the document, decides in code whether the lease is free (no owner, its own, or expired),
 * and claims it with an update whose filter repeats the owner and expiry it read: if another
 * instance claimed it in between, the filter no longer matches and nothing changes. This is a
 * compare-and-set on one document, atomic on MongoDB and on the embedded server alike.
 * <p>
 * <b>Indexes for the fences.</b> The embedded server uses {@code _id} only for a filter on
 * {@code _id} alone: the claim ({@code {_id, leaseOwner, leaseUntil}}) and every fenced write
 * ({@code {_id, leaseOwner}}, several per delivery attempt) would scan the whole collection,
 * pending maps included. A unique index on exactly each filter's fields ({@code claim},
 * {@code fence}) lets it look the document up instead, as {@code fence} does for deliveries in
 * {@link DeliveryStore}; the filters stay plain documents, the only shape it uses an index for.
 * Unique because {@code _id} is: they can never refuse a write. MongoDB uses {@code _id} either way.
 * Measured on the embedded memory backend (one renew after another, single thread): with 20,000
 * subscriptions 3.2–4.4 ms per fenced write without the indexes, 0.10–0.16 ms with them; with 2,000
 * (pending maps of 200) 0.66–0.98 ms against 0.18–0.54 ms. {@code WebhookLeaseFenceTest} checks
 * that the fences match as before on documents stored before the indexes and after.
 */
class SubscriptionStore {

    static final String COLLECTION = "webhook_subscriptions";

    private final MongoCollection<Document> subscriptions;
    private final SubscriptionOwners owners;

    SubscriptionStore(MongoDatabase database) {
        this.subscriptions = database.getCollection(COLLECTION);
        this.owners = new SubscriptionOwners(database);
        subscriptions.createIndex(Indexes.ascending("_id", "leaseOwner"), new IndexOptions().unique(true).name("fence"));
        subscriptions.createIndex(Indexes.ascending("_id", "leaseOwner", "leaseUntil"),
                new IndexOptions().unique(true).name("claim"));
    }

    /**
     * Stores it, unless its owner has {@code max} subscriptions already: false then, and nothing is
     * stored. See {@link SubscriptionOwners} for how the limit holds under concurrent creations.
     */
    boolean create(Subscription s, int max) {
        if (!owners.take(s.owner(), s.id(), s.createdAt(), max, () -> idsOwnedBy(s.owner()), this::existing)) {
            return false;
        }
        try {
            insert(s);
        } catch (RuntimeException e) {
            owners.release(s.owner(), s.id());
            throw e;
        }
        return true;
    }

    private void insert(Subscription s) {
        subscriptions.insertOne(new Document("_id", s.id())
                .append("url", s.url().toString())
                .append("secret", s.secret().value())
                .append("types", s.types().stream().map(Enum::name).sorted().toList())
                .append("departments", s.departments().stream().sorted().toList())
                .append("owner", s.owner())
                .append("createdAt", Date.from(s.createdAt()))
                .append("startSequence", s.startSequence())
                .append("cursor", s.cursor())
                .append("pending", new Document())
                .append("leaseOwner", s.leaseOwner())
                .append("leaseUntil", s.leaseUntil() == null ? null : Date.from(s.leaseUntil())));
    }

    Optional<Subscription> find(String id) {
        return Optional.ofNullable(subscriptions.find(Filters.eq("_id", id)).first()).map(SubscriptionStore::from);
    }

    /** Scans the subscriptions, once per owner: for owners whose subscriptions were stored before they were counted. */
    private List<String> idsOwnedBy(String owner) {
        List<String> ids = new ArrayList<>();
        subscriptions.find(Filters.eq("owner", owner)).projection(new Document("_id", 1))
                .forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    private Set<String> existing(Set<String> ids) {
        Set<String> existing = new HashSet<>();
        subscriptions.find(Filters.in("_id", ids)).projection(new Document("_id", 1))
                .forEach(d -> existing.add(d.getString("_id")));
        return existing;
    }

    List<Subscription> all() {
        List<Subscription> all = new ArrayList<>();
        subscriptions.find().forEach(d -> all.add(from(d)));
        return all;
    }

    /**
     * Deletes it, and answers it as it was at that moment (its cursor as far as any run had moved it),
     * or empty when it was gone already.
     */
    Optional<Subscription> remove(String id) {
        Optional<Subscription> removed = Optional.ofNullable(subscriptions.findOneAndDelete(Filters.eq("_id", id)))
                .map(SubscriptionStore::from);
        removed.ifPresent(s -> owners.release(s.owner(), s.id()));
        return removed;
    }

    /** Claims or renews the lease as {@code owner} until {@code until}; false when another instance holds it. */
    boolean claim(Subscription s, String owner, Instant now, Instant until) {
        if (s.leaseOwner() != null && !s.leaseOwner().equals(owner) && s.leaseUntil().isAfter(now)) {
            return false;
        }
        Document asRead = new Document("_id", s.id()).append("leaseOwner", s.leaseOwner())
                .append("leaseUntil", s.leaseUntil() == null ? null : Date.from(s.leaseUntil()));
        return subscriptions.updateOne(asRead, Updates.combine(Updates.set("leaseOwner", owner),
                Updates.set("leaseUntil", Date.from(until)))).getModifiedCount() == 1;
    }

    /** Extends a lease this instance holds; false when it was lost (expired and claimed by another). */
    boolean renew(String id, String owner, Instant until) {
        return leased(id, owner, Updates.set("leaseUntil", Date.from(until)));
    }

    void release(String id, String owner) {
        leased(id, owner, Updates.combine(Updates.set("leaseOwner", null), Updates.set("leaseUntil", null)));
    }

    /*
     * The writes below that name an owner are the dispatcher's: each is fenced by the lease, its
     * filter repeating the owner, so an instance that lost its lease (expired while it was
     * mid-attempt, and claimed by another) changes nothing and learns so from the result.
     */

    /**
     * Records that the feed was read up to {@code cursor} and that the deliveries for
     * {@code created} are due at once. {@code $max} keeps the cursor from moving back.
     *
     * @return false when {@code owner} no longer holds the lease, and nothing was written
     */
    boolean advance(String id, String owner, long cursor, Set<Long> created, Instant due) {
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.max("cursor", cursor));
        created.forEach(sequence -> updates.add(Updates.set("pending." + sequence, Date.from(due))));
        return leased(id, owner, Updates.combine(updates));
    }

    /** When a pending delivery is next due; false when {@code owner} no longer holds the lease. */
    boolean reschedule(String id, String owner, long sequence, Instant due) {
        return leased(id, owner, Updates.set("pending." + sequence, Date.from(due)));
    }

    /** A delivery no longer pending; false when {@code owner} no longer holds the lease. */
    boolean settle(String id, String owner, long sequence) {
        return leased(id, owner, Updates.unset("pending." + sequence));
    }

    /** The last day whose delivered records were pruned; false when {@code owner} no longer holds the lease. */
    boolean pruned(String id, String owner, LocalDate through) {
        return leased(id, owner, Updates.set("prunedThrough", through.toString()));
    }

    private boolean leased(String id, String owner, Bson update) {
        return subscriptions.updateOne(new Document("_id", id).append("leaseOwner", owner), update).getMatchedCount() == 1;
    }

    /** A supervisor's retry: due at once, whoever holds the lease. */
    void schedule(String id, long sequence, Instant due) {
        subscriptions.updateOne(Filters.eq("_id", id), Updates.set("pending." + sequence, Date.from(due)));
    }

    private static Subscription from(Document d) {
        Set<Alert.AlertType> types = new LinkedHashSet<>();
        d.getList("types", String.class).forEach(t -> types.add(Alert.AlertType.valueOf(t)));
        Map<Long, Instant> pending = new HashMap<>();
        d.get("pending", Document.class).forEach((sequence, due) ->
                pending.put(Long.parseLong(sequence), ((Date) due).toInstant()));
        Date leaseUntil = d.getDate("leaseUntil");
        return new Subscription(d.getString("_id"), URI.create(d.getString("url")),
                new WebhookSecret(d.getString("secret")), types, new LinkedHashSet<>(d.getList("departments", String.class)),
                d.getString("owner"), d.getDate("createdAt").toInstant(), ((Number) d.get("startSequence")).longValue(),
                ((Number) d.get("cursor")).longValue(), pending, d.getString("leaseOwner"),
                leaseUntil == null ? null : leaseUntil.toInstant(),
                d.getString("prunedThrough") == null ? null : LocalDate.parse(d.getString("prunedThrough")));
    }
}
