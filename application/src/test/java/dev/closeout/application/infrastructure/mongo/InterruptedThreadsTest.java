package dev.closeout.application.infrastructure.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests are served on the application's threads ({@link InProcessWire}), which Axon interrupts when it stops a
 * processor. An interrupt that comes while H2 reads the store's file would close the file channel, and with it the
 * store, on Java's own file channel: the store is opened through H2's {@code retry:} file system, which opens it
 * again and reads again.
 */
class InterruptedThreadsTest {

    private static final String MAP = "interrupt-probe";

    @TempDir
    Path dataDir;

    @Test
    void aThreadInterruptedWhileTheStoreReadsItsFileLeavesTheStoreServing() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            client.getDatabase("closeout").getCollection("tasks").insertOne(new Document("_id", "before"));
            MVMap<Integer, String> probe = server.store().openMap(MAP);
            IntStream.range(0, 5_000).forEach(i -> probe.put(i, "挂账销号 ".repeat(40) + i));
            server.store().commit();
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            // opened again, nothing of the map in the page cache: every page is read from the file
            MVMap<Integer, String> probe = server.store().openMap(MAP);
            Thread.currentThread().interrupt();
            long read;
            try {
                read = IntStream.range(0, 5_000).filter(i -> probe.get(i).endsWith(" " + i)).count();
            } finally {
                Thread.interrupted();
            }

            assertThat(read).isEqualTo(5_000);
            MongoCollection<Document> tasks = client.getDatabase("closeout").getCollection("tasks");
            tasks.insertOne(new Document("_id", "after"));
            assertThat(tasks.countDocuments()).isEqualTo(2);
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            assertThat(client.getDatabase("closeout").getCollection("tasks").countDocuments()).isEqualTo(2);
        }
    }
}
