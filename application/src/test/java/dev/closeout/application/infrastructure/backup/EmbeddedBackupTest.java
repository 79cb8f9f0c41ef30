package dev.closeout.application.infrastructure.backup;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.Sorts;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.closeout.application.infrastructure.eventstore.MongoEventStorageEngine;
import dev.closeout.application.infrastructure.mongo.EmbeddedMongoServer;
import dev.closeout.application.support.TestMongo;
import org.axonframework.eventsourcing.utils.TestSerializer;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.axonframework.eventsourcing.utils.EventStoreTestUtils.createEvent;

/**
 * Backups of the embedded store, without an application: an append in flight when the backup reads
 * the events is waited for, so the backup holds the event stream without a gap; the command line
 * reaches a store held open by a running application through its backup socket; and a backup the
 * application breaks off leaves no file.
 */
class EmbeddedBackupTest {

    @TempDir
    Path directory;

    @Test
    void a_backup_waits_for_an_append_in_flight_and_keeps_only_what_the_events_cannot_rebuild() throws Exception {
        CountDownLatch allocated = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(directory.resolve("store"));
             EmbeddedMongoServer readModelServer = EmbeddedMongoServer.startReadModels(directory.resolve("store"), server);
             MongoClient client = MongoClients.create(server.clientSettings());
             MongoClient readModelClient = MongoClients.create(readModelServer.clientSettings());
             MongoClient backupClient = MongoClients.create(MongoClientSettings.builder(server.clientSettings())
                     .addCommandListener(releaseOnLookupOfIndex(1, release)).build())) {
            MongoDatabase database = client.getDatabase("closeout");
            MongoEventStorageEngine engine = new MongoEventStorageEngine(engineBuilder(database)) {
                @Override
                protected void insertEventDocuments(List<Document> documents) {
                    if ("held".equals(documents.get(0).getString("aggregateIdentifier"))) {
                        allocated.countDown();
                        await(release);
                    }
                    super.insertEventDocuments(documents);
                }
            };
            CompletableFuture<Void> held = CompletableFuture.runAsync(() -> engine.appendEvents(createEvent("held", 0)));
            assertThat(allocated.await(10, TimeUnit.SECONDS)).isTrue();
            IntStream.range(0, 5).forEach(sequence -> engine.appendEvents(createEvent("later", sequence)));
            database.getCollection("webhook_subscriptions").insertOne(new Document("_id", "subscription-1"));
            database.getCollection("ledger_lines").insertOne(new Document("_id", "line-1"));
            // a dead letter of a rebuilt read model (the ledger) and of the kept alert feed
            for (String group : List.of("ledger", "alerts")) {
                database.getCollection("dead_letter_items").insertOne(new Document("_id", group + "\u001fTASK-1")
                        .append("group", group).append("sequenceIdentifier", "TASK-1"));
                database.getCollection("dead_letters").insertOne(new Document("_id", group + "\u001fTASK-1\u001f0")
                        .append("group", group).append("sequenceIdentifier", "TASK-1").append("index", 0L));
                database.getCollection("dead_letter_counts").insertOne(new Document("_id", group)
                        .append("letters", 1L).append("items", 1L));
            }
            MongoDatabase readModels = readModelClient.getDatabase("closeout");
            readModels.getCollection("trackingtokens").insertMany(List.of(
                    new Document("processorName", "alerts").append("segment", 0),
                    new Document("processorName", "ledger").append("segment", 0)));

            ByteArrayOutputStream file = new ByteArrayOutputStream();
            StoreBackup.Summary summary = new StoreBackup(backupClient.getDatabase("closeout"), readModels,
                    Duration.ofSeconds(30)).write(file);
            held.get(10, TimeUnit.SECONDS);

            Map<String, List<BsonDocument>> backup = read(file.toByteArray());
            assertThat(backup.get("events")).extracting(event -> event.getInt64("_id").getValue())
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(backup.get("events").get(0).getString("aggregateIdentifier").getValue()).isEqualTo("held");
            assertThat(summary.highestIndex()).isEqualTo(6);
            assertThat(backup).containsKeys("event_counters", "webhook_subscriptions").doesNotContainKey("ledger_lines");
            assertThat(backup.get("trackingtokens")).extracting(token -> token.getString("processorName").getValue())
                    .containsExactly("alerts");
            // a rebuilt read model's letters would hold its replayed events behind them after a restore
            for (String queue : List.of("dead_letter_items", "dead_letters")) {
                assertThat(backup.get(queue)).as(queue).extracting(letter -> letter.getString("group").getValue())
                        .containsExactly("alerts");
            }
            assertThat(backup.get("dead_letter_counts")).extracting(count -> count.getString("_id").getValue())
                    .containsExactly("alerts");
        }
    }

    /**
     * The embedded server answers a find of a whole collection, or of one file's chunks by {@code files_id}, by
     * gathering every matching document in its heap first: the evidence, the store's largest part, is read a chunk
     * at a time by the full key of GridFS's chunk index instead.
     */
    @Test
    void a_backup_reads_the_evidence_one_chunk_at_a_time_by_its_key_and_holds_every_chunk_of_every_file()
            throws Exception {
        List<BsonDocument> finds = new CopyOnWriteArrayList<>();
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(directory.resolve("evidence"));
             MongoClient client = MongoClients.create(server.clientSettings());
             MongoClient backupClient = MongoClients.create(MongoClientSettings.builder(server.clientSettings())
                     .addCommandListener(findsOf("evidence.chunks", finds)).build())) {
            MongoDatabase database = client.getDatabase("closeout");
            GridFSBucket bucket = GridFSBuckets.create(database, "evidence").withChunkSizeBytes(1024);
            byte[] bytes = new byte[2500];
            new java.util.Random(7).nextBytes(bytes);
            bucket.uploadFromStream("one.pdf", new ByteArrayInputStream(bytes));
            bucket.uploadFromStream("two.pdf", new ByteArrayInputStream(Arrays.copyOf(bytes, 1024)));
            // an upload still in flight: its chunk stored, its files document not yet
            ObjectId inFlight = new ObjectId();
            database.getCollection("evidence.chunks").insertOne(new Document("_id", inFlight).append("files_id",
                    new ObjectId()).append("n", 0).append("data", new Binary(new byte[] {1})));
            List<ObjectId> ofFiles = database.getCollection("evidence.chunks").find().map(c -> c.getObjectId("_id"))
                    .into(new ArrayList<>());
            ofFiles.remove(inFlight);

            ByteArrayOutputStream file = new ByteArrayOutputStream();
            new StoreBackup(backupClient.getDatabase("closeout"), database, Duration.ofSeconds(30)).write(file);

            Map<String, List<BsonDocument>> backup = read(file.toByteArray());
            assertThat(backup.get("evidence.files")).hasSize(2);
            assertThat(backup.get("evidence.chunks")).extracting(chunk -> chunk.getObjectId("_id").getValue())
                    .hasSize(4).containsExactlyInAnyOrderElementsOf(ofFiles);
            assertThat(finds).as("every chunk read by {files_id, n}").hasSize(4)
                    .allMatch(filter -> filter.keySet().equals(java.util.Set.of("files_id", "n")));

            ObjectId second = database.getCollection("evidence.files").find(new Document("filename", "two.pdf")).first()
                    .getObjectId("_id");
            database.getCollection("evidence.chunks").deleteOne(new Document("files_id", second));
            assertThatThrownBy(() -> new StoreBackup(backupClient.getDatabase("closeout"), database,
                    Duration.ofSeconds(30)).write(new ByteArrayOutputStream()))
                    .as("a file whose chunk is lost fails the backup rather than be kept cut short")
                    .isInstanceOf(IOException.class).hasMessageContaining(second.toHexString()).hasMessageContaining("chunk 0");
        }
    }

    /**
     * A file discarded while the backup runs (a refused form's: its document deleted, then its chunks) is left out,
     * not reported as damage: the backup goes on and holds the other files whole.
     */
    @Test
    void a_file_discarded_while_the_backup_reads_the_evidence_is_left_out_and_the_backup_goes_on() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(directory.resolve("discarded"));
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoDatabase database = client.getDatabase("closeout");
            GridFSBucket bucket = GridFSBuckets.create(database, "evidence").withChunkSizeBytes(1024);
            ObjectId kept = bucket.uploadFromStream("kept.pdf", new ByteArrayInputStream(new byte[1500]));
            ObjectId discarded = bucket.uploadFromStream("discarded.pdf", new ByteArrayInputStream(new byte[1500]));
            AtomicBoolean gone = new AtomicBoolean();
            CommandListener discardOnFirstChunkRead = new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    if (event.getCommandName().equals("find")
                            && event.getCommand().getString("find").getValue().equals("evidence.chunks")
                            && gone.compareAndSet(false, true)) {
                        bucket.delete(discarded);
                    }
                }
            };
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            try (MongoClient backupClient = MongoClients.create(MongoClientSettings.builder(server.clientSettings())
                    .addCommandListener(discardOnFirstChunkRead).build())) {
                new StoreBackup(backupClient.getDatabase("closeout"), database, Duration.ofSeconds(30)).write(file);
            }

            Map<String, List<BsonDocument>> backup = read(file.toByteArray());
            assertThat(gone).isTrue();
            assertThat(backup.get("evidence.files")).extracting(f -> f.getObjectId("_id").getValue())
                    .containsExactly(kept);
            assertThat(backup.get("evidence.chunks")).extracting(c -> c.getObjectId("files_id").getValue())
                    .containsExactly(kept, kept);
        }
    }

    @Test
    void the_command_line_backs_up_a_running_application_through_its_socket_and_restores_only_into_an_empty_store()
            throws Exception {
        Path running = directory.resolve("running");
        Path fresh = directory.resolve("fresh");
        Path file = directory.resolve("backup.gz");
        List<Document> events;
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(running);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoDatabase database = client.getDatabase("closeout");
            MongoEventStorageEngine engine = engineBuilder(database).build();
            IntStream.range(0, 3).forEach(sequence -> engine.appendEvents(createEvent("task", sequence)));
            events = sorted(database);
            try (BackupSocket socket = BackupSocket.open(running, database, database, Duration.ofSeconds(30))) {
                CommandRun backup = CommandRun.of("backup", file.toString(), "--closeout.data-dir=" + running);
                assertThat(backup.status()).as(backup.toString()).isEqualTo(BackupCommandLine.DONE);
                assertThat(backup.out()).contains("Backup of the running application");
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
                }

                CommandRun intoTheRunningStore = CommandRun.of("restore", file.toString(), "--closeout.data-dir=" + running);
                assertThat(intoTheRunningStore.status()).isEqualTo(BackupCommandLine.REFUSED);
                assertThat(intoTheRunningStore.err()).contains("restore refused", "running");
            }
        }

        CommandRun missing = CommandRun.of("restore", directory.resolve("missing.gz").toString(),
                "--closeout.data-dir=" + fresh);
        assertThat(missing.status()).isEqualTo(BackupCommandLine.FAILED);
        assertThat(missing.err()).contains("no file");
        assertThat(fresh).as("nothing created for a file that is not there").doesNotExist();

        CommandRun restore = CommandRun.of("restore", file.toString(), "--closeout.data-dir=" + fresh);
        assertThat(restore.status()).as(restore.toString()).isEqualTo(BackupCommandLine.DONE);
        assertThat(restore.out()).contains("3 events");
        CommandRun again = CommandRun.of("restore", file.toString(), "--closeout.data-dir=" + fresh);
        assertThat(again.status()).isEqualTo(BackupCommandLine.REFUSED);
        assertThat(again.err()).contains("not empty");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(fresh);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            assertThat(sorted(client.getDatabase("closeout"))).isEqualTo(events);
        }

        CommandRun stopped = CommandRun.of("backup", directory.resolve("stopped.gz").toString(),
                "--closeout.data-dir=" + running);
        assertThat(stopped.status()).as(stopped.toString()).isEqualTo(BackupCommandLine.DONE);
        assertThat(stopped.out()).contains("3 events up to index 3");
    }

    @Test
    void a_backup_the_application_breaks_off_leaves_no_file() throws Exception {
        Path running = directory.resolve("breaking");
        Files.createDirectories(running);
        Files.createFile(running.resolve(EmbeddedMongoServer.FILE_NAME));
        Path file = directory.resolve("broken.gz");
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        BackupFile.Writer writer = new BackupFile.Writer(whole);
        writer.write("events", new RawBsonDocument(new BsonDocument("_id", new BsonInt64(1)), new BsonDocumentCodec()));
        writer.finish();
        byte[] cut = Arrays.copyOf(whole.toByteArray(), whole.size() / 2);
        try (ServerSocketChannel application = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            application.bind(UnixDomainSocketAddress.of(running.resolve(BackupSocket.FILE_NAME)));
            CompletableFuture<Void> answer = CompletableFuture.runAsync(() -> {
                try (SocketChannel client = application.accept()) {
                    InputStream in = Channels.newInputStream(client);
                    for (int c = in.read(); c != '\n' && c >= 0; c = in.read()) {
                        // the request, read as the application reads it
                    }
                    OutputStream out = Channels.newOutputStream(client);
                    out.write("OK\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(cut);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            CommandRun backup = CommandRun.of("backup", file.toString(), "--closeout.data-dir=" + running);
            answer.get(30, TimeUnit.SECONDS);
            assertThat(backup.status()).isEqualTo(BackupCommandLine.FAILED);
            assertThat(backup.err()).contains("incomplete");
            assertThat(file).doesNotExist();
            assertThat(directory.resolve("broken.gz.partial")).doesNotExist();
        }
    }

    @Test
    void a_restore_into_a_directory_holding_a_store_is_refused_before_the_store_is_opened() throws Exception {
        Path older = directory.resolve("older");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(older);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            client.getDatabase("closeout").getCollection("events").insertOne(new Document("_id", 1L));
        }
        Files.deleteIfExists(older.resolve(EmbeddedMongoServer.READ_MODELS_FILE_NAME));
        byte[] before = Files.readAllBytes(older.resolve(EmbeddedMongoServer.FILE_NAME));

        CommandRun restore = CommandRun.of("restore", backupOf(List.of()).toString(), "--closeout.data-dir=" + older);
        assertThat(restore.status()).as(restore.toString()).isEqualTo(BackupCommandLine.REFUSED);
        assertThat(restore.err()).contains("restore refused", "holds a store", EmbeddedMongoServer.FILE_NAME);
        // opened, an earlier version's store is upgraded for good (its indexes, its read models moved out)
        assertThat(Files.readAllBytes(older.resolve(EmbeddedMongoServer.FILE_NAME))).as("the store untouched")
                .isEqualTo(before);
        assertThat(older.resolve(EmbeddedMongoServer.READ_MODELS_FILE_NAME)).doesNotExist();
        assertThat(older.resolve(RestoreMarker.FILE_NAME)).doesNotExist();
    }

    @Test
    void a_restore_into_the_directory_of_an_application_without_a_backup_socket_is_refused_as_the_docs_say()
            throws Exception {
        Path held = directory.resolve("held");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(held)) {
            CommandRun restore = CommandRun.of("restore", backupOf(List.of()).toString(), "--closeout.data-dir=" + held);
            assertThat(restore.status()).as(restore.toString()).isEqualTo(BackupCommandLine.REFUSED);
            assertThat(restore.err()).contains("restore refused").doesNotContain("backup");
        }
    }

    @Test
    void a_restore_leaves_out_the_dead_letters_and_tokens_of_the_read_models_the_events_rebuild() throws Exception {
        List<Map.Entry<String, Document>> documents = new ArrayList<>();
        for (String group : List.of("ledger", "alerts")) {
            documents.add(Map.entry("trackingtokens", new Document("processorName", group).append("segment", 0)));
            documents.add(Map.entry("dead_letter_items", new Document("_id", group + "\u001fTASK-1")
                    .append("group", group).append("sequenceIdentifier", "TASK-1")));
            documents.add(Map.entry("dead_letters", new Document("_id", group + "\u001fTASK-1\u001f0")
                    .append("group", group).append("sequenceIdentifier", "TASK-1").append("index", 0L)));
            documents.add(Map.entry("dead_letter_counts", new Document("_id", group).append("letters", 1L)));
        }
        Path fresh = directory.resolve("fresh");
        CommandRun restore = CommandRun.of("restore", backupOf(documents).toString(), "--closeout.data-dir=" + fresh);
        assertThat(restore.status()).as(restore.toString()).isEqualTo(BackupCommandLine.DONE);

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(fresh);
             EmbeddedMongoServer readModelServer = EmbeddedMongoServer.startReadModels(fresh, server);
             MongoClient client = MongoClients.create(server.clientSettings());
             MongoClient readModelClient = MongoClients.create(readModelServer.clientSettings())) {
            MongoDatabase database = client.getDatabase("closeout");
            for (String queue : List.of("dead_letter_items", "dead_letters")) {
                assertThat(database.getCollection(queue).find().into(new ArrayList<>())).as(queue)
                        .extracting(letter -> letter.getString("group")).containsExactly("alerts");
            }
            assertThat(database.getCollection("dead_letter_counts").find().into(new ArrayList<>()))
                    .extracting(count -> count.getString("_id")).containsExactly("alerts");
            assertThat(readModelClient.getDatabase("closeout").getCollection("trackingtokens").find()
                    .into(new ArrayList<>())).extracting(token -> token.getString("processorName"))
                    .containsExactly("alerts");
        }
    }

    /**
     * A restore that breaks off part-way (here a document the store refuses, as a full disk would) leaves a store
     * holding part of the backup; the marker it set first stays, and neither a second restore nor the application
     * will use that store.
     */
    @Test
    void a_restore_broken_off_part_way_leaves_its_marker_and_nothing_uses_the_store_until_it_is_deleted()
            throws Exception {
        Path file = backupOf(List.of(Map.entry("events", new Document("_id", 1L)),
                Map.entry("events", new Document("_id", 2L)), Map.entry("webhook_subscriptions", new Document("_id", "s")),
                Map.entry("webhook_subscriptions", new Document("_id", "s"))));
        Path broken = directory.resolve("broken");

        CommandRun restore = CommandRun.of("restore", file.toString(), "--closeout.data-dir=" + broken);
        assertThat(restore.status()).as(restore.toString()).isEqualTo(BackupCommandLine.FAILED);
        assertThat(restore.err()).contains("restore failed", "part of the backup", "delete the data directory");
        assertThat(broken.resolve(RestoreMarker.FILE_NAME)).exists();

        CommandRun again = CommandRun.of("restore", file.toString(), "--closeout.data-dir=" + broken);
        assertThat(again.status()).as(again.toString()).isEqualTo(BackupCommandLine.REFUSED);
        assertThat(again.err()).contains("broke off part-way", "delete the data directory " + broken);

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(broken);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("server", server));
            assertThatThrownBy(() -> new BackupConfiguration().noUnfinishedRestore(
                    beans.getBeanProvider(EmbeddedMongoServer.class), client.getDatabase("closeout")))
                    .hasMessageContaining("Closeout does not start").hasMessageContaining("broke off part-way")
                    .hasMessageContaining("delete the data directory " + broken);
        }

        Path whole = directory.resolve("whole");
        assertThat(CommandRun.of("restore", backupOf(List.of(Map.entry("events", new Document("_id", 1L)))).toString(),
                "--closeout.data-dir=" + whole).status()).isEqualTo(BackupCommandLine.DONE);
        assertThat(whole.resolve(RestoreMarker.FILE_NAME)).as("removed once the restore is whole").doesNotExist();
    }

    @Test
    void on_mongodb_a_restore_broken_off_part_way_leaves_its_mark_in_the_database() throws Exception {
        Path file = backupOf(List.of(Map.entry("events", new Document("_id", 1L)),
                Map.entry("events", new Document("_id", 1L))));
        String database = TestMongo.newDatabaseName();
        String uri = "--spring.data.mongodb.uri=" + TestMongo.uri(database);

        CommandRun restore = CommandRun.of("restore", file.toString(), uri);
        assertThat(restore.status()).as(restore.toString()).isEqualTo(BackupCommandLine.FAILED);
        assertThat(restore.err()).contains("part of the backup", "drop the database " + database);
        CommandRun again = CommandRun.of("restore", file.toString(), uri);
        assertThat(again.status()).as(again.toString()).isEqualTo(BackupCommandLine.REFUSED);
        assertThat(again.err()).contains("broke off part-way", "drop the database " + database);
        try (MongoClient client = TestMongo.newClient()) {
            StaticListableBeanFactory none = new StaticListableBeanFactory();
            assertThatThrownBy(() -> new BackupConfiguration().noUnfinishedRestore(
                    none.getBeanProvider(EmbeddedMongoServer.class), client.getDatabase(database)))
                    .hasMessageContaining("broke off part-way");
        }
    }

    /** A backup file of these documents, in this order. */
    private Path backupOf(List<Map.Entry<String, Document>> documents) throws IOException {
        Path file = Files.createTempFile(directory, "backup", ".gz");
        try (OutputStream out = Files.newOutputStream(file)) {
            BackupFile.Writer writer = new BackupFile.Writer(out);
            for (Map.Entry<String, Document> document : documents) {
                writer.write(document.getKey(), new RawBsonDocument(document.getValue().toBsonDocument(),
                        new BsonDocumentCodec()));
            }
            writer.finish();
        }
        return file;
    }

    private static MongoEventStorageEngine.Builder engineBuilder(MongoDatabase database) {
        return MongoEventStorageEngine.builder()
                .eventSerializer(TestSerializer.xStreamSerializer())
                .snapshotSerializer(TestSerializer.xStreamSerializer())
                .database(database);
    }

    private static List<Document> sorted(MongoDatabase database) {
        return database.getCollection("events").find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    /** Records the filter of every find on {@code collection}. */
    private static CommandListener findsOf(String collection, List<BsonDocument> filters) {
        return new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                BsonDocument command = event.getCommand();
                if (event.getCommandName().equals("find") && command.getString("find").getValue().equals(collection)) {
                    // copied now: the event's command reads from the driver's pooled buffer, reused once the event
                    // is over (a filter kept as it was read back as garbage, "unknown BSON type", in one run of many)
                    filters.add(command.containsKey("filter") ? command.getDocument("filter").clone() : new BsonDocument());
                }
            }
        };
    }

    /** Lets the held append go on once the backup looks up its index by itself, as a gap. */
    private static CommandListener releaseOnLookupOfIndex(long index, CountDownLatch release) {
        return new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                BsonDocument command = event.getCommand();
                if (event.getCommandName().equals("find") && command.getString("find").getValue().equals("events")
                        && new BsonInt64(index).equals(command.getDocument("filter").get("_id"))) {
                    release.countDown();
                }
            }
        };
    }

    private static Map<String, List<BsonDocument>> read(byte[] file) throws Exception {
        Map<String, List<BsonDocument>> documents = new LinkedHashMap<>();
        BackupFile.read(new ByteArrayInputStream(file),
                (collection, document) -> documents.computeIfAbsent(collection, c -> new ArrayList<>()).add(document));
        return documents;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the backup never looked the held append up");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
