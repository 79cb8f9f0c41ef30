package dev.closeout.application.infrastructure.readmodel;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.closeout.application.infrastructure.mongo.EmbeddedMongoServer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store written before the read models had a file of their own (decision 0020), opened by this version: the
 * tokens of the processors whose state is kept move to the read models' store, so the alert feed and the
 * task-registering policies go on where they were; the rebuilt read models and their tokens leave the events'
 * store, so that their processors build them anew in the other; everything else stays.
 */
class ReadModelStoreUpgradeTest {

    @TempDir
    Path dataDir;

    @Test
    void kept_processors_tokens_move_and_rebuilt_read_models_leave_the_events_store_once() {
        try (EmbeddedMongoServer events = EmbeddedMongoServer.start(dataDir);
             EmbeddedMongoServer readModelServer = EmbeddedMongoServer.startReadModels(dataDir, events);
             MongoClient eventsClient = MongoClients.create(events.clientSettings());
             MongoClient readModelsClient = MongoClients.create(readModelServer.clientSettings())) {
            MongoDatabase old = eventsClient.getDatabase("closeout");
            MongoDatabase readModels = readModelsClient.getDatabase("closeout");
            old.getCollection("events").insertOne(new Document("_id", 1L));
            old.getCollection("snapshots").insertOne(new Document("_id", "task-1"));
            old.getCollection("alerts").insertOne(new Document("_id", 1L));
            old.getCollection("task_views").insertOne(new Document("_id", "task-1"));
            old.getCollection("audit_trail_entries").insertOne(new Document("_id", "entry-1"));
            old.getCollection(ReadModelVersions.COLLECTION).insertOne(new Document("_id", "ledger"));
            old.getCollection("trackingtokens").insertMany(List.of(
                    new Document("processorName", "alerts").append("segment", 0).append("token", "at 1"),
                    new Document("processorName", "complaint-task-registration").append("segment", 0),
                    new Document("processorName", "task-view").append("segment", 0)));

            ReadModelStoreUpgrade.moveOut(old, readModels, readModelServer.durability());

            assertThat(names(old)).contains("events", "snapshots", "alerts")
                    .doesNotContain("task_views", "audit_trail_entries", ReadModelVersions.COLLECTION, "trackingtokens");
            assertThat(readModels.getCollection("trackingtokens").find().into(new ArrayList<>()))
                    .extracting(token -> token.getString("processorName"))
                    .containsExactlyInAnyOrder("alerts", "complaint-task-registration");
            assertThat(readModels.getCollection("trackingtokens").find(new Document("processorName", "alerts")).first())
                    .containsEntry("token", "at 1");

            readModels.getCollection("trackingtokens").insertOne(new Document("processorName", "task-view")
                    .append("segment", 0).append("token", "rebuilt"));
            ReadModelStoreUpgrade.moveOut(old, readModels, readModelServer.durability());
            assertThat(readModels.getCollection("trackingtokens").countDocuments())
                    .as("a second start changes nothing").isEqualTo(3);
            assertThat(names(old)).contains("events", "snapshots", "alerts");
        }
    }

    private static List<String> names(MongoDatabase database) {
        return database.listCollectionNames().into(new ArrayList<>());
    }
}
