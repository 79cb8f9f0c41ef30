package dev.closeout.application.infrastructure.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.closeout.application.infrastructure.mongo.EmbeddedMongoServer;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter queue, as {@link DeadLetterConfiguration} builds it, on the embedded server (H2 file
 * backend) with the Jackson serializer: parking, the events that queue behind, retry in order, a retry
 * that fails again, eviction, groups kept apart; and what the processor asks it (is this item parked,
 * park this event, this item's letters, evict) goes by exact key, which the embedded server answers
 * from its {@code _id} index however much is parked (the timings printed are for the record only:
 * each write waits for the embedded store's group commit).
 */
class DeadLetterQueueOnEmbeddedServerTest {

    record Happened(String item, int n) {
    }

    @TempDir
    Path dataDir;

    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().findAndRegisterModules()).build();

    @BeforeEach
    void start() {
        server = EmbeddedMongoServer.start(dataDir);
        client = MongoClients.create(MongoClientSettings.builder(server.clientSettings())
                .addCommandListener(recording()).build());
        database = client.getDatabase("deadletters");
        MongoDeadLetterQueue.ensureIndexes(database);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void a_failed_event_parks_its_item_and_the_items_later_events_queue_behind_it_in_order() throws Exception {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue("ledger");

        queue.enqueue("task-1", failed(event("task-1", 0, 41), new IllegalStateException("bad document")));
        assertThat(queue.enqueueIfPresent("task-1", () -> new GenericDeadLetter<>("task-1", event("task-1", 1, 43))))
                .isTrue();
        assertThat(queue.enqueueIfPresent("task-2", () -> new GenericDeadLetter<>("task-2", event("task-2", 0, 42))))
                .isFalse();

        assertThat(queue.contains("task-1")).isTrue();
        assertThat(queue.contains("task-2")).isFalse();
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.amountOfSequences()).isEqualTo(1);
        List<DeadLetter<? extends EventMessage<?>>> parked = new ArrayList<>();
        queue.deadLetterSequence("task-1").forEach(parked::add);
        assertThat(parked).extracting(letter -> (Object) letter.message().getPayload())
                .containsExactly(new Happened("task-1", 0), new Happened("task-1", 1));
        DeadLetter<? extends EventMessage<?>> head = parked.get(0);
        assertThat(DeadLetters.globalIndex(head.message())).isEqualTo(41L);
        assertThat(((DomainEventMessage<?>) head.message()).getAggregateIdentifier()).isEqualTo("task-1");
        assertThat(head.cause().orElseThrow().message()).isEqualTo("bad document");
        assertThat(ParkingPolicy.attempts(head)).isEqualTo(1);
        assertThat(parked.get(1).cause()).isEmpty();
        assertThat(queue("search").contains("task-1")).as("another group's queue").isFalse();
    }

    @Test
    void a_retry_handles_the_parked_events_in_order_and_one_failing_again_stays_parked_with_its_new_cause()
            throws Exception {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue("ledger");
        queue.enqueue("task-1", failed(event("task-1", 0, 41), new IllegalStateException("bad document")));
        queue.enqueueIfPresent("task-1", () -> new GenericDeadLetter<>("task-1", event("task-1", 1, 43)));
        queue.enqueue("task-2", failed(event("task-2", 0, 42), new IllegalStateException("bug")));
        ParkingPolicy policy = new ParkingPolicy("ledger");

        assertThat(queue.process(letter -> ((DomainEventMessage<?>) letter.message()).getAggregateIdentifier()
                .equals("task-2"), letter -> policy.decide(letter, new IllegalStateException("still a bug")))).isFalse();
        DeadLetter<? extends EventMessage<?>> again = queue.deadLetterSequence("task-2").iterator().next();
        assertThat(again.cause().orElseThrow().message()).isEqualTo("still a bug");
        assertThat(ParkingPolicy.attempts(again)).isEqualTo(2);

        List<Object> handled = Collections.synchronizedList(new ArrayList<>());
        assertThat(queue.process(letter -> ((DomainEventMessage<?>) letter.message()).getAggregateIdentifier()
                .equals("task-1"), letter -> {
            handled.add(letter.message().getPayload());
            return Decisions.evict();
        })).isTrue();
        assertThat(handled).containsExactly(new Happened("task-1", 0), new Happened("task-1", 1));
        assertThat(queue.contains("task-1")).isFalse();
        assertThat(queue.contains("task-2")).isTrue();

        queue.deadLetterSequence("task-2").forEach(queue::evict);
        assertThat(queue.size()).isZero();
    }

    @Test
    void the_processors_questions_are_asked_by_exact_key_whatever_else_is_parked()
            throws Exception {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue("ledger");
        int parked = 40;
        long started = System.nanoTime();
        for (int i = 0; i < parked; i++) {
            queue.enqueue("task-" + i, failed(event("task-" + i, 0, i), new IllegalStateException("bug " + i)));
        }
        double enqueueMillis = (System.nanoTime() - started) / 1e6 / parked;
        commands.clear();
        started = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertThat(queue.contains("task-x" + i)).isFalse();
        }
        double containsMillis = (System.nanoTime() - started) / 1e6 / 100;
        assertThat(queue.enqueueIfPresent("task-7", () -> new GenericDeadLetter<>("task-7", event("task-7", 1, 400))))
                .isTrue();
        List<DeadLetter<? extends EventMessage<?>>> item = new ArrayList<>();
        queue.deadLetterSequence("task-7").forEach(item::add);
        item.forEach(queue::evict);
        System.out.printf("Dead letters on the embedded H2 server, %d items parked: enqueue %.2f ms, contains %.2f ms%n",
                parked, enqueueMillis, containsMillis);

        assertThat(queue.size()).isEqualTo(parked - 1);
        assertThat(queue.amountOfSequences()).isEqualTo(parked - 1);
        assertThat(commands).isNotEmpty().allSatisfy(filter -> assertThat(filter).startsWith("{\"_id\": ")
                .doesNotContain("\"group\"", "$and", "$gt", "$lt"));
    }

    /** The filters the queue sends, as JSON: what the embedded server can answer from an index or not. */
    private CommandListener recording() {
        return new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                BsonDocument command = event.getCommand();
                if (command.containsKey("filter")) {
                    commands.add(command.getDocument("filter").toJson());
                } else if (command.containsKey("query")) {
                    commands.add(command.getDocument("query").toJson());
                }
                for (String list : List.of("updates", "deletes")) {
                    if (command.containsKey(list)) {
                        command.getArray(list).forEach(statement -> commands.add(
                                statement.asDocument().getDocument("q").toJson()));
                    }
                }
            }
        };
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
        return DeadLetterConfiguration.queue(group, database, serializer);
    }

    private static DeadLetter<EventMessage<?>> failed(EventMessage<?> event, Throwable cause) {
        return new GenericDeadLetter<EventMessage<?>>("ignored", event, cause)
                .withDiagnostics(MetaData.with(ParkingPolicy.ATTEMPTS, 1));
    }

    private static EventMessage<?> event(String item, long sequence, long globalIndex) {
        return new GenericTrackedDomainEventMessage<>(GapAwareTrackingToken.newInstance(globalIndex, List.of()),
                new GenericDomainEventMessage<>("Task", item, sequence, new Happened(item, (int) sequence)));
    }
}
