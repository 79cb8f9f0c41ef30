package dev.closeout.application.infrastructure.webhook;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.closeout.application.support.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lease fences of subscription documents look the document up through the {@code claim} and
 * {@code fence} indexes: they must still match exactly what they matched without them, on documents
 * stored before the indexes existed (which the indexes take in when created) as on documents stored after.
 */
class WebhookLeaseFenceTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final Duration LEASE = Duration.ofMinutes(1);

    private MongoClient client;
    private MongoDatabase database;

    @BeforeEach
    void database() {
        client = TestMongo.newClient();
        database = client.getDatabase(TestMongo.newDatabaseName());
    }

    @AfterEach
    void drop() {
        database.drop();
        client.close();
    }

    /** As the first version stored one, with its lease fields null. */
    private void storeOld(String id) {
        database.getCollection(SubscriptionStore.COLLECTION).insertOne(new Document("_id", id)
                .append("url", "http://127.0.0.1:9/hook").append("secret", WebhookSecret.generate().value())
                .append("types", List.of()).append("departments", List.of()).append("owner", "alerts")
                .append("createdAt", Date.from(NOW)).append("startSequence", 0L).append("cursor", 0L)
                .append("pending", new Document()).append("leaseOwner", null).append("leaseUntil", null));
    }

    private static Subscription current(String id) {
        return new Subscription(id, URI.create("http://127.0.0.1:9/hook"), WebhookSecret.generate(), Set.of(), Set.of(),
                "alerts", NOW, 0, 0, Map.of(), null, null, null);
    }

    /** Every fenced write, by the holder and by another instance, and a takeover once the lease ran out. */
    private void fencesHold(SubscriptionStore store, String id) {
        assertThat(store.claim(store.find(id).orElseThrow(), "a", NOW, NOW.plus(LEASE))).isTrue();
        assertThat(store.claim(store.find(id).orElseThrow(), "b", NOW, NOW.plus(LEASE))).as("held by a").isFalse();

        assertThat(store.advance(id, "b", 5, Set.of(5L), NOW)).isFalse();
        assertThat(store.advance(id, "a", 5, Set.of(5L), NOW)).isTrue();
        assertThat(store.reschedule(id, "b", 5, NOW.plusSeconds(9))).isFalse();
        assertThat(store.reschedule(id, "a", 5, NOW.plusSeconds(5))).isTrue();
        assertThat(store.find(id).orElseThrow().pending()).isEqualTo(Map.of(5L, NOW.plusSeconds(5)));
        assertThat(store.settle(id, "b", 5)).isFalse();
        assertThat(store.settle(id, "a", 5)).isTrue();
        assertThat(store.pruned(id, "b", NOW.atZone(java.time.ZoneOffset.UTC).toLocalDate())).isFalse();
        assertThat(store.renew(id, "a", NOW.plus(LEASE.multipliedBy(2)))).isTrue();

        Instant later = NOW.plus(LEASE.multipliedBy(3));
        assertThat(store.claim(store.find(id).orElseThrow(), "b", later, later.plus(LEASE))).as("expired").isTrue();
        assertThat(store.renew(id, "a", later.plus(LEASE))).as("a lost it").isFalse();
        assertThat(store.renew(id, "b", later.plus(LEASE))).isTrue();
        store.release(id, "b");
        Subscription released = store.find(id).orElseThrow();
        assertThat(released.leaseOwner()).isNull();
        assertThat(released.cursor()).isEqualTo(5);
        assertThat(released.pending()).isEmpty();
        assertThat(store.claim(released, "a", later, later.plus(LEASE))).as("free again").isTrue();
    }

    @Test
    void the_fences_hold_on_a_document_stored_before_the_indexes_and_on_one_stored_after() {
        storeOld("old");
        SubscriptionStore store = new SubscriptionStore(database);
        store.create(current("current"), Integer.MAX_VALUE);

        List<String> indexes = new ArrayList<>();
        database.getCollection(SubscriptionStore.COLLECTION).listIndexes().forEach(i -> indexes.add(i.getString("name")));
        assertThat(indexes).contains("fence", "claim");
        fencesHold(store, "old");
        fencesHold(store, "current");
    }
}
