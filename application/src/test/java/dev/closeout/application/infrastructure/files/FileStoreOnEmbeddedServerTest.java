package dev.closeout.application.infrastructure.files;

import com.mongodb.MongoClientSettings;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBuckets;
import dev.closeout.application.infrastructure.mongo.DurabilityException;
import dev.closeout.application.infrastructure.mongo.EmbeddedMongoServer;
import org.bson.BsonDocument;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Files on the embedded server as the application runs it (H2 file backend, in-process), with a few
 * hundred files stored: reading one back asks only exact-key questions, which the embedded server
 * answers from an index, never the range-and-sort of GridFS's own download, which makes it scan
 * every chunk of every file. The documents stay standard GridFS: the driver's download reads them.
 */
class FileStoreOnEmbeddedServerTest {

    private static final int FILES = 200;

    @TempDir
    Path dataDir;

    private final List<String> finds = new CopyOnWriteArrayList<>();

    /**
     * An upload that fails once its chunks are written (here the commit is not confirmed durable; an insert refused
     * on failover is another) leaves nothing under its id: "all or none" holds for what the driver does not clean up.
     */
    @Test
    void a_file_whose_storing_failed_after_its_chunks_were_written_leaves_nothing_behind() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoDatabase database = client.getDatabase("files");
            FileStore failing = new FileStore(database, () -> {
                throw new DurabilityException("A commit failed; the writes may not be durable");
            });
            byte[] large = bytes(2 * FileStore.CHUNK_SIZE + 1_000);

            assertThatThrownBy(() -> failing.store("task-x", "验收报告.pdf", sha256(large), "application/pdf", "dept-a",
                    new ByteArrayInputStream(large))).isInstanceOf(DurabilityException.class);

            assertThat(database.getCollection("evidence.files").countDocuments()).isZero();
            assertThat(database.getCollection("evidence.chunks").countDocuments()).isZero();
        }
    }

    @Test
    void reading_a_file_among_hundreds_asks_for_each_chunk_by_its_exact_key() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(MongoClientSettings.builder(server.clientSettings())
                     .addCommandListener(recordingFinds()).build())) {
            MongoDatabase database = client.getDatabase("files");
            FileStore store = new FileStore(database, server.durability());
            for (int i = 0; i < FILES; i++) {
                byte[] small = bytes(2_000 + i);
                store.store("task-" + i, "photo-" + i + ".jpg", sha256(small), "image/jpeg", "dept-a",
                        new ByteArrayInputStream(small));
            }
            // three chunks: two full ones of 255 KB and a short last one
            byte[] large = bytes(2 * FileStore.CHUNK_SIZE + 1_000);
            StoredFile stored = store.store("task-x", "验收报告.pdf", sha256(large), "application/pdf", "dept-a",
                    new ByteArrayInputStream(large));
            finds.clear();

            long started = System.nanoTime();
            StoredFile found = store.find(stored.id()).orElseThrow();
            byte[] read;
            try (InputStream in = store.open(found)) {
                read = in.readAllBytes();
            }
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(read).isEqualTo(large);
            assertThat(found).isEqualTo(stored);
            assertThat(found.size()).isEqualTo(large.length);
            assertThat(found.sha256()).isEqualTo(sha256(large));
            assertThat(finds).hasSize(4);
            assertThat(finds.get(0)).isEqualTo("{\"find\": \"evidence.files\", \"filter\": {\"_id\": {\"$oid\": \""
                    + stored.id() + "\"}}}");
            for (int n = 0; n < 3; n++) {
                assertThat(finds.get(n + 1)).isEqualTo("{\"find\": \"evidence.chunks\", \"filter\": "
                        + "{\"files_id\": {\"$oid\": \"" + stored.id() + "\"}, \"n\": " + n + "}}");
            }
            System.out.printf("FileStore read of a 3-chunk file among %d files on the embedded H2 server: %d ms%n",
                    FILES + 1, millis);

            byte[] throughDriver = GridFSBuckets.create(database, FileStore.BUCKET)
                    .openDownloadStream(new ObjectId(stored.id())).readAllBytes();
            assertThat(throughDriver).isEqualTo(large);
        }
    }

    /** Each find's collection and filter, and whatever else shapes the query (sort, skip, hint). */
    private CommandListener recordingFinds() {
        return new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("find")) {
                    // the event's document is backed by a buffer the driver reuses: read it now
                    BsonDocument command = event.getCommand().clone();
                    BsonDocument shape = new BsonDocument("find", command.get("find"))
                            .append("filter", command.getDocument("filter", new BsonDocument()));
                    for (String key : List.of("sort", "skip", "hint", "min", "max")) {
                        if (command.containsKey(key)) {
                            shape.append(key, command.get(key));
                        }
                    }
                    finds.add(shape.toJson());
                }
            }
        };
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
