package dev.closeout.application.infrastructure.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The strongest check of group commit: a writer JVM acknowledges documents only after
 * awaitDurable, and is killed with SIGKILL (no shutdown hook, no final commit) while it is still
 * writing. Every acknowledged document must be in the file afterwards.
 */
class EmbeddedMongoKillTest {

    private static final int ACKS_BEFORE_KILL = 300;

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedDocumentSurvivesKillMinus9() throws Exception {
        Process writer = WriterJvm.start(AcknowledgingWriter.class, dataDir, dataDir.toString(), "1000000");
        Set<Integer> acknowledged = new HashSet<>();
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acknowledged.add(Integer.parseInt(line.substring(4)));
                    if (acknowledged.size() == ACKS_BEFORE_KILL) {
                        writer.destroyForcibly();
                        break;
                    }
                }
            }
        } finally {
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).hasSize(ACKS_BEFORE_KILL);

        Set<Integer> stored = new HashSet<>();
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> collection = client.getDatabase("closeout").getCollection("acked");
            for (Document document : collection.find()) {
                stored.add(document.getInteger("_id"));
            }
        }
        assertThat(stored).containsAll(acknowledged);
    }
}
