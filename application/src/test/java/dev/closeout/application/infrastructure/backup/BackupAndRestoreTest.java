package dev.closeout.application.infrastructure.backup;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.closeout.application.infrastructure.eventstore.MongoEventStorageEngine;
import dev.closeout.application.infrastructure.mongo.EmbeddedMongoServer;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.TestMongo;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.ledger.LedgerProjection;
import dev.closeout.projections.ledger.LedgerQueries;
import dev.closeout.projections.support.OfficeZone;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The done-when of issue 13's backup: a backup of the running application taken while commands go
 * on, restored into a fresh data directory of the embedded store, holds a prefix of the event stream
 * without gaps, equal event by event (so every item's history), and the ledger rebuilt from it equals
 * the application's. The rebuild runs {@link LedgerProjection} over the restored events in this JVM,
 * as the application would at its start, without starting a second application.
 */
class BackupAndRestoreTest extends IntegrationTest {

    @Autowired
    private LedgerQueries ledgers;
    @Autowired
    private OfficeZone zone;
    @Autowired
    private DeadlinePolicy policy;
    @Autowired
    @Qualifier("eventSerializer")
    private Serializer serializer;

    @TempDir
    Path directory;

    @Test
    void a_backup_taken_under_writes_restores_into_a_fresh_directory_with_every_ledger_and_history_equal() throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String ledger = "备份台账 " + unique;
        String busy = "备份期间写入 " + unique;
        List<String> tasks = registerClaimAndReport(ledger);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        List<String> busyTasks = new ArrayList<>();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            while (!stop.get()) {
                busyTasks.add(register(busy, "DEPT-A", written.getAndIncrement()));
            }
        });
        Eventually.until(Duration.ofSeconds(30), written::get, n -> n >= 3);
        Path file = directory.resolve("closeout-backup.gz");
        CommandRun backup = CommandRun.of("backup", file.toString(),
                "--spring.data.mongodb.uri=" + TestMongo.uri(database.getName()));
        int atBackup = written.get();
        Eventually.until(Duration.ofSeconds(30), written::get, n -> n >= atBackup + 3);
        stop.set(true);
        writer.get();
        assertThat(backup.status()).as(backup.toString()).isEqualTo(BackupCommandLine.DONE);

        Path restored = directory.resolve("restored");
        CommandRun restore = CommandRun.of("restore", file.toString(), "--closeout.data-dir=" + restored);
        assertThat(restore.status()).as(restore.toString()).isEqualTo(BackupCommandLine.DONE);
        CommandRun again = CommandRun.of("restore", file.toString(), "--closeout.data-dir=" + restored);
        assertThat(again.status()).as(again.toString()).isEqualTo(BackupCommandLine.REFUSED);
        assertThat(again.err()).contains("restore refused", "not empty");

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(restored);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoDatabase copy = client.getDatabase("closeout");
            long highest = assertThePrefixOfTheEventStream(copy);
            assertThat(database.getCollection("events").countDocuments(Filters.and(Filters.gt("_id", highest),
                    Filters.in("aggregateIdentifier", busyTasks))))
                    .as("events of the writer after the backup's last event: the backup was taken under writes")
                    .isPositive();
            assertThat(copy.getCollection(LedgerProjection.COLLECTION).countDocuments())
                    .as("read models are rebuilt, not restored").isZero();
            assertThat(copy.getCollection("trackingtokens").countDocuments(Filters.eq("processorName",
                    LedgerProjection.PROCESSING_GROUP))).isZero();

            awaitProjectionsCaughtUp();
            LedgerQueries rebuilt = rebuildLedgers(copy, tasks);
            assertThat(rebuilt.summary(ledger)).isPresent();
            assertThat(rebuilt.summary(ledger)).usingRecursiveComparison().isEqualTo(ledgers.summary(ledger));
            for (String department : List.of("DEPT-A", "DEPT-B")) {
                assertThat(rebuilt.taskIds(ledger, department, null, Set.of()))
                        .isEqualTo(ledgers.taskIds(ledger, department, null, Set.of()));
            }
        }
    }

    /** Every event up to the backup's last one, as stored in the application's store: no gap, nothing changed. */
    private long assertThePrefixOfTheEventStream(MongoDatabase copy) {
        List<Document> restored = copy.getCollection("events").find().into(new ArrayList<>());
        restored.sort(Comparator.comparingLong(event -> event.getLong("_id")));
        long highest = restored.get(restored.size() - 1).getLong("_id");
        List<Document> original = database.getCollection("events").find(Filters.lte("_id", highest))
                .sort(Sorts.ascending("_id")).into(new ArrayList<>());
        assertThat(restored).hasSameSizeAs(original);
        assertThat(restored).isEqualTo(original);
        return highest;
    }

    /**
     * The ledger read model built from the restored events of {@code tasks}, task after task in the
     * order they were registered (a department's lines take slots in that order), each read by its key.
     */
    private LedgerQueries rebuildLedgers(MongoDatabase copy, List<String> tasks) {
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                .database(copy).eventSerializer(serializer).snapshotSerializer(serializer).build();
        AnnotationEventHandlerAdapter projection = new AnnotationEventHandlerAdapter(new LedgerProjection(copy, zone));
        List<String> inOrder = tasks.stream().sorted(Comparator.comparingLong(task -> copy.getCollection("events")
                .find(Filters.eq("aggregateKey", task + "/0")).first().getLong("_id"))).toList();
        for (String task : inOrder) {
            engine.readEvents(task).asStream().forEach(event -> {
                try {
                    projection.handle(event);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        return new LedgerQueries(copy, zone, clock, policy);
    }

    /** Eight tasks, split between two departments, some claimed and some with progress. */
    private List<String> registerClaimAndReport(String ledger) {
        return IntStream.range(0, 8).parallel().mapToObj(i -> {
            String department = i % 3 == 0 ? "DEPT-B" : "DEPT-A";
            String id = register(ledger, department, i);
            ApiClient lead = department.equals("DEPT-A") ? deptA : deptB;
            if (i % 2 == 0) {
                assertThat(lead.post("/api/tasks/" + id + "/claim").status()).isIn(200, 202);
                if (i % 4 == 0) {
                    assertThat(lead.post("/api/tasks/" + id + "/progress", Map.of("note", "进展 " + i,
                            "percentComplete", 40)).status()).isIn(200, 202);
                }
            }
            return id;
        }).toList();
    }

    private String register(String ledger, String department, int number) {
        ApiClient.Response created = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "备份任务 " + number,
                "leadDepartment", department, "dueDate", today().plusDays(20 + number).toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("taskId").asText();
    }
}
