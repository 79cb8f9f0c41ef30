package dev.closeout.application.infrastructure.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.closeout.application.support.Eventually;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.actuate.health.Status;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A failed fsync is final, as a failed commit is: what commits answered rests on the fsync, and after a failed one
 * the disk may never hold it, so the store closes and a command after it fails instead of being acknowledged.
 * It was logged as a warning and the store went on answering.
 */
class FailedSyncTest {

    @TempDir
    Path dataDir;

    @Test
    void after_a_failed_fsync_no_write_is_acknowledged() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> things = client.getDatabase("closeout").getCollection("things");
            things.insertOne(new Document("_id", 1));
            server.durability().awaitDurable();

            server.failSyncs(new IllegalStateException("Input/output error"));
            Eventually.until(Duration.ofSeconds(30), () -> server.store().isClosed(), closed -> closed);

            assertThat(server.store().isClosed()).as("the store is closed").isTrue();
            StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("server", server));
            assertThat(new EmbeddedStoreHealthIndicator(beans.getBeanProvider(EmbeddedMongoServer.class)).health()
                    .getStatus()).as("liveness: only a restart mends it").isEqualTo(Status.DOWN);
            assertThatThrownBy(() -> {
                things.insertOne(new Document("_id", 2));
                server.durability().awaitDurable();
            }).as("a write after the failed fsync is not acknowledged").isInstanceOf(RuntimeException.class);
        }
    }
}
