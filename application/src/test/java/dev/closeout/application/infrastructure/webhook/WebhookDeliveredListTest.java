package dev.closeout.application.infrastructure.webhook;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.closeout.application.support.TestClock;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A day's delivered list is cut in chunks of a few sequences here (a thousand in production), so
 * that no document grows with the number of deliveries a day; pruning reads the chunks by key,
 * in batches that renew the lease, and can stop and resume between them.
 */
class WebhookDeliveredListTest extends HarnessTest {

    private static final int CAPACITY = 2;
    private static final int DELIVERED = 5;
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Duration LEASE = Duration.ofMinutes(10);

    private DeliveryStore store;
    private final List<Delivery> delivered = new ArrayList<>();
    private LocalDate day;

    @BeforeEach
    void deliverFiveAlertsOnOneDay() {
        // the harness's clock starts at the system's time: stopped, the five deliveries fall on one day even when the
        // test runs across midnight
        clock.freeze();
        store = new DeliveryStore(database, CAPACITY);
        subscription = harness.subscription(clock.instant(), DELIVERED);
        IntStream.rangeClosed(1, DELIVERED).forEach(position -> delivered.add(
                harness.pending(subscription, position, "alert-" + position + "-" + subscription.id(), clock.instant())));
        day = DeliveryStore.day(clock.instant());
        dispatcher(store).run(subscription.id());
        assertThat(delivered).allSatisfy(d -> assertThat(harness.find(d).status()).isEqualTo(Delivery.Status.DELIVERED));
    }

    private WebhookDispatcher dispatcher(DeliveryStore deliveries) {
        return harness.dispatcher(new DispatcherHarness.ScriptedTransport(Map.of()),
                DispatcherHarness.properties(Duration.ofHours(24), LEASE, RETENTION), clock, deliveries);
    }

    private String dayKey() {
        return subscription.id() + ":" + day;
    }

    /** The chunk documents of the subscription's day, by key, each with the sequences it lists. */
    private Map<String, List<Long>> chunks() {
        Map<String, List<Long>> chunks = new TreeMap<>();
        database.getCollection(DeliveryStore.DELIVERED_DAYS)
                .find(Filters.regex("_id", "^" + Pattern.quote(dayKey() + ":")))
                .forEach(d -> chunks.put(d.getString("_id"), d.getList("sequences", Number.class).stream()
                        .map(Number::longValue).toList()));
        return chunks;
    }

    private long listsLeft() {
        return database.getCollection(DeliveryStore.DELIVERED_DAYS)
                .countDocuments(Filters.regex("_id", "^" + Pattern.quote(subscription.id() + ":")));
    }

    @Test
    void a_day_of_deliveries_is_listed_in_chunks_of_at_most_the_capacity() {
        Map<String, List<Long>> chunks = chunks();

        assertThat(chunks).containsOnlyKeys(dayKey() + ":0", dayKey() + ":1", dayKey() + ":2");
        assertThat(chunks.values()).allSatisfy(sequences -> assertThat(sequences).hasSizeLessThanOrEqualTo(CAPACITY));
        assertThat(chunks.values().stream().flatMap(List::stream))
                .containsExactlyInAnyOrderElementsOf(delivered.stream().map(Delivery::sequence).toList());
        Document day = database.getCollection(DeliveryStore.DELIVERED_DAYS).find(new Document("_id", dayKey())).first();
        assertThat(day).isNotNull();
        assertThat(day.get("listed", Number.class).longValue()).isEqualTo(DELIVERED);
        assertThat(day.get("sequences")).as("the day document holds the count only").isNull();
    }

    @Test
    void listing_a_delivery_again_keeps_every_chunk_within_the_capacity() {
        Delivery again = harness.find(delivered.get(0));
        for (int i = 0; i < 3; i++) {
            store.listDelivered(again, again.deliveredAt());
        }

        assertThat(chunks().values()).allSatisfy(sequences -> assertThat(sequences).hasSizeLessThanOrEqualTo(CAPACITY));
        assertThat(chunks().values().stream().flatMap(List::stream).distinct())
                .as("a duplicate across chunks, nothing new").hasSize(DELIVERED);
    }

    @Test
    void every_chunk_is_pruned_with_its_day_once_past_the_retention() {
        clock.advance(RETENTION.plusDays(2));
        dispatcher(store).run(subscription.id());

        assertThat(delivered).noneMatch(harness::exists);
        assertThat(listsLeft()).isZero();
        assertThat(harness.find(subscription).prunedThrough()).isNotNull();
    }

    @Test
    void a_prune_stopped_between_batches_resumes_at_the_first_chunk_left() {
        clock.advance(RETENTION.plusDays(2));
        int[] batches = {1};
        BooleanSupplier oneBatch = () -> batches[0]-- > 0;

        DeliveryStore.DayPruned first = store.pruneDay(subscription, day, clock.instant().minus(RETENTION), oneBatch);

        assertThat(first).isEqualTo(new DeliveryStore.DayPruned(CAPACITY, false));
        assertThat(chunks()).containsOnlyKeys(dayKey() + ":1", dayKey() + ":2");
        DeliveryStore.DayPruned rest = store.pruneDay(subscription, day, clock.instant().minus(RETENTION), () -> true);
        assertThat(rest).isEqualTo(new DeliveryStore.DayPruned(DELIVERED - CAPACITY, true));
        assertThat(delivered).noneMatch(harness::exists);
        assertThat(listsLeft()).isZero();
    }

    /** Lets the clock run past most of a lease during each batch of a prune. */
    private static final class SlowPrune extends DeliveryStore {
        private final TestClock clock;

        SlowPrune(MongoDatabase database, TestClock clock) {
            super(database, CAPACITY);
            this.clock = clock;
        }

        @Override
        DayPruned pruneDay(Subscription s, LocalDate day, Instant cutoff, BooleanSupplier nextBatch) {
            return super.pruneDay(s, day, cutoff, () -> {
                boolean go = nextBatch.getAsBoolean();
                clock.advance(LEASE.multipliedBy(2).dividedBy(3));
                return go;
            });
        }
    }

    @Test
    void a_prune_longer_than_the_lease_renews_it_between_batches() {
        clock.advance(RETENTION.plusDays(2));
        Instant start = clock.instant();

        dispatcher(new SlowPrune(database, clock)).run(subscription.id());

        assertThat(clock.instant()).as("three batches, two leases long").isAfter(start.plus(LEASE));
        assertThat(delivered).noneMatch(harness::exists);
        assertThat(harness.find(subscription).leaseUntil()).as("still held at the end").isAfter(clock.instant());
    }
}
