package dev.closeout.application.infrastructure.webhook;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Which subscriptions each user owns, for the per-user limit: one small document per user in
 * {@value #COLLECTION}, {@code {_id: owner, subscriptions: [{id, at}, ...]}}, read and written by
 * {@code _id} only (the embedded server would scan the subscriptions to count them by owner).
 *
 * <p>A place is taken before the subscription is stored, by one update whose filter matches only
 * while the list is shorter than the limit (its element {@code max - 1} does not exist): two
 * creations at once cannot both take the last place, on MongoDB or on the embedded server. A
 * creation or deletion interrupted between its two writes leaves a place taken with no
 * subscription behind it; at the limit, such places older than {@link #SETTLING} are given back
 * before the creation is refused. Younger ones may belong to a creation still under way.
 */
final class SubscriptionOwners {

    static final String COLLECTION = "webhook_subscription_owners";
    static final Duration SETTLING = Duration.ofMinutes(1);
    private static final String PLACES = "subscriptions";

    private final MongoCollection<Document> owners;

    SubscriptionOwners(MongoDatabase database) {
        this.owners = database.getCollection(COLLECTION);
    }

    /**
     * Takes a place for subscription {@code id} among {@code owner}'s, at {@code at}; false when the
     * owner has {@code max} already.
     *
     * @param owned    the ids of the owner's subscriptions, read once for an owner not counted before
     *                 (whose subscriptions were stored before there was a limit)
     * @param existing which of the given ids have a subscription
     */
    boolean take(String owner, String id, Instant at, int max, Supplier<List<String>> owned,
                 Function<Set<String>, Set<String>> existing) {
        if (owners.find(Filters.eq("_id", owner)).first() == null) {
            count(owner, owned.get());
        }
        if (push(owner, id, at, max)) {
            return true;
        }
        Document places = owners.find(Filters.eq("_id", owner)).first();
        Set<String> settled = places.getList(PLACES, Document.class).stream()
                .filter(place -> place.getDate("at").toInstant().isBefore(at.minus(SETTLING)))
                .map(place -> place.getString("id")).collect(Collectors.toSet());
        Set<String> stranded = new HashSet<>(settled);
        stranded.removeAll(existing.apply(settled));
        if (stranded.isEmpty()) {
            return false;
        }
        owners.updateOne(Filters.eq("_id", owner), Updates.pull(PLACES, Filters.in("id", stranded)));
        return push(owner, id, at, max);
    }

    /** Gives back the place of subscription {@code id}; nothing happens if it holds none. */
    void release(String owner, String id) {
        owners.updateOne(Filters.eq("_id", owner), Updates.pull(PLACES, Filters.eq("id", id)));
    }

    private void count(String owner, List<String> ids) {
        List<Document> places = ids.stream().map(id -> place(id, Instant.EPOCH)).toList();
        try {
            owners.insertOne(new Document("_id", owner).append(PLACES, places));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // another creation counted them first
        }
    }

    private boolean push(String owner, String id, Instant at, int max) {
        Document roomLeft = new Document("_id", owner).append(PLACES + "." + (max - 1),
                new Document("$exists", false));
        return owners.updateOne(roomLeft, Updates.push(PLACES, place(id, at))).getModifiedCount() == 1;
    }

    private static Document place(String id, Instant at) {
        return new Document("id", id).append("at", Date.from(at));
    }
}
