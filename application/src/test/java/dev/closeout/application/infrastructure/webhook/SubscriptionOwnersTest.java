package dev.closeout.application.infrastructure.webhook;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.closeout.application.support.TestMongo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-user subscription limit as the store keeps it ({@link SubscriptionOwners}), against a real
 * MongoDB server: exact under concurrent creations, counting subscriptions stored before there was
 * a limit, and not losing places to interrupted creations.
 */
class SubscriptionOwnersTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private MongoClient client;
    private MongoDatabase database;
    private SubscriptionStore store;

    @BeforeEach
    void database() {
        client = TestMongo.newClient();
        database = client.getDatabase(TestMongo.newDatabaseName());
        store = new SubscriptionStore(database);
    }

    @AfterEach
    void drop() {
        database.drop();
        client.close();
    }

    private static Subscription subscription(String owner, Instant createdAt) {
        return new Subscription(UUID.randomUUID().toString(), URI.create("http://127.0.0.1:9/hook"),
                WebhookSecret.generate(), Set.of(), Set.of(), owner, createdAt, 0, 0, Map.of(), null, null, null);
    }

    @Test
    void a_user_at_the_limit_is_refused_until_a_subscription_is_deleted_and_stores_nothing_meanwhile() {
        List<Subscription> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Subscription s = subscription("alerts", NOW);
            assertThat(store.create(s, 3)).isTrue();
            created.add(s);
        }
        Subscription fourth = subscription("alerts", NOW);
        assertThat(store.create(fourth, 3)).isFalse();
        assertThat(store.find(fourth.id())).isEmpty();
        assertThat(store.create(subscription("dispatch", NOW), 3)).as("another user's limit").isTrue();

        store.remove(created.get(0).id());
        assertThat(store.create(fourth, 3)).isTrue();
    }

    @Test
    void concurrent_creations_by_one_user_never_pass_the_limit() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> creations = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                creations.add(() -> store.create(subscription("alerts", NOW), 20));
            }
            int accepted = 0;
            for (Future<Boolean> creation : threads.invokeAll(creations)) {
                accepted += creation.get() ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(20);
            assertThat(store.all()).hasSize(20);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void subscriptions_stored_before_there_was_a_limit_count_against_it() {
        for (int i = 0; i < 3; i++) {
            store.create(subscription("alerts", NOW), Integer.MAX_VALUE);
        }
        // as the previous version left them: stored, with no places taken
        database.getCollection(SubscriptionOwners.COLLECTION).drop();

        assertThat(store.create(subscription("alerts", NOW), 4)).isTrue();
        assertThat(store.create(subscription("alerts", NOW), 4)).isFalse();
    }

    @Test
    void a_place_left_by_an_interrupted_creation_is_given_back_once_it_has_settled() {
        SubscriptionOwners owners = new SubscriptionOwners(database);
        // taken, but the process stopped before the subscription was stored
        assertThat(owners.take("alerts", "lost", NOW, 2, List::of, ids -> Set.of())).isTrue();
        assertThat(store.create(subscription("alerts", NOW), 2)).isTrue();

        Subscription soon = subscription("alerts", NOW.plus(SubscriptionOwners.SETTLING).minusSeconds(1));
        assertThat(store.create(soon, 2)).as("the lost place may still be a creation under way").isFalse();
        Subscription later = subscription("alerts", NOW.plus(SubscriptionOwners.SETTLING).plusSeconds(1));
        assertThat(store.create(later, 2)).isTrue();
        assertThat(store.create(subscription("alerts", later.createdAt()), 2)).isFalse();
    }
}
