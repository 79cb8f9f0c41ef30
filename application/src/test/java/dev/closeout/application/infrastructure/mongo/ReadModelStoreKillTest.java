package dev.closeout.application.infrastructure.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read models' store is never ahead of the events' store (decision 0020): a processor reads an event as soon
 * as it is written, before a commit of the events' store covers it, and its token goes to the other file. A writer
 * JVM ({@link DerivingWriter}) writes events and tokens without awaiting any commit, and stops dead right after a
 * commit of the read models' store. Without that store's commits waiting for the events', the events' store
 * commits on its own only once a second, and the token found afterwards points past events that are gone.
 */
class ReadModelStoreKillTest {

    @TempDir
    Path dataDir;

    @Test
    void after_a_crash_the_token_points_at_no_event_the_events_store_lost() throws Exception {
        Process writer = WriterJvm.start(DerivingWriter.class, dataDir, dataDir.toString());
        String halted = null;
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                if (line.startsWith("HALT ")) {
                    halted = line;
                }
            }
        } finally {
            assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
            writer.destroyForcibly();
        }
        assertThat(halted).as("the writer stopped after the read models' store committed").isNotNull();

        try (EmbeddedMongoServer events = EmbeddedMongoServer.start(dataDir);
             EmbeddedMongoServer readModels = EmbeddedMongoServer.startReadModels(dataDir, events);
             MongoClient eventsClient = MongoClients.create(events.clientSettings());
             MongoClient readModelsClient = MongoClients.create(readModels.clientSettings())) {
            Document token = readModelsClient.getDatabase("closeout").getCollection("trackingtokens").find().first();
            assertThat(token).as("a token was committed before the halt").isNotNull();
            int handled = token.getInteger("handled");
            long stored = eventsClient.getDatabase("closeout").getCollection("events").countDocuments();
            assertThat(stored).as("events kept, for a token at %d (%s)", handled, halted)
                    .isGreaterThanOrEqualTo(handled + 1L);
        }
    }
}
