package dev.closeout.application.infrastructure.mongo;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A collection's {@code _id} index in the embedded store is its document map ({@link IdIndex}): it finds,
 * refuses and forgets {@code _id}s as MongoDB's {@code _id} index does, and the file holds each {@code _id}
 * once, beside its document.
 */
class IdIndexTest {

    @TempDir
    Path dataDir;

    @Test
    void findsAnIdByItsValueWhateverTheNumbersTypeAndRefusesItTwice() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> events = collection(client, "events");
            events.insertOne(new Document("_id", 5).append("n", "int"));
            events.insertOne(new Document("_id", 1L << 40).append("n", "long"));
            events.insertOne(new Document("_id", "task-5").append("n", "string"));

            assertThat(events.find(Filters.eq("_id", 5L)).first()).containsEntry("n", "int");
            assertThat(events.find(Filters.eq("_id", 5.0)).first()).containsEntry("n", "int");
            assertThat(events.find(Filters.eq("_id", (double) (1L << 40))).first()).containsEntry("n", "long");
            assertThat(events.find(Filters.eq("_id", 6)).first()).isNull();
            assertThatThrownBy(() -> events.insertOne(new Document("_id", 5.0)))
                    .as("5.0 is the _id 5").isInstanceOf(MongoWriteException.class);
            assertThatThrownBy(() -> events.insertOne(new Document("_id", "task-5")))
                    .isInstanceOf(MongoWriteException.class);
            assertThat(events.find(Filters.in("_id", List.of(5L, "task-5", "task-6", 1L << 40))).into(new ArrayList<>()))
                    .extracting(event -> event.get("n")).containsExactlyInAnyOrder("int", "string", "long");
            assertThat(events.find(Filters.regex("_id", Pattern.compile("^task-"))).into(new ArrayList<>()))
                    .extracting(event -> event.get("n")).containsExactly("string");
            assertThat(events.countDocuments()).isEqualTo(3);
        }
    }

    @Test
    void anUpdateGuardedByItsIdAndAVersionChangesOnlyTheVersionAsked() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> users = collection(client, "users");
            users.insertOne(new Document("_id", "zhang.wei").append("version", 1).append("role", "DEPARTMENT"));

            assertThat(users.updateOne(Filters.and(Filters.eq("_id", "zhang.wei"), Filters.eq("version", 2)),
                    Updates.set("role", "SUPERVISOR")).getMatchedCount()).as("a stale version").isZero();
            assertThat(users.updateOne(Filters.and(Filters.eq("_id", "zhang.wei"), Filters.eq("version", 1)),
                    Updates.combine(Updates.set("role", "SUPERVISOR"), Updates.inc("version", 1))).getModifiedCount())
                    .isEqualTo(1);
            assertThat(users.find(Filters.eq("_id", "zhang.wei")).first())
                    .containsEntry("role", "SUPERVISOR").containsEntry("version", 2);
            assertThatThrownBy(() -> users.updateOne(Filters.eq("_id", "zhang.wei"), Updates.set("_id", "li.na")))
                    .as("an _id never changes").isInstanceOf(MongoWriteException.class);
            assertThat(users.find(Filters.eq("_id", "zhang.wei")).first()).isNotNull();
        }
    }

    @Test
    void aDeletedIdCanBeUsedAgainAndEverythingHoldsAfterARestart() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> lines = collection(client, "lines");
            for (int i = 0; i < 200; i++) {
                lines.insertOne(new Document("_id", (long) i).append("round", 1));
            }
            assertThat(lines.deleteMany(Filters.in("_id", List.of(3L, 4.0, 5))).getDeletedCount()).isEqualTo(3);
            lines.insertOne(new Document("_id", 4L).append("round", 2));
            collection(client, "dropped").insertOne(new Document("_id", "a"));
            collection(client, "dropped").drop();
            collection(client, "dropped").insertOne(new Document("_id", "a").append("again", true));
            server.durability().awaitDurable();
        }

        try (MVStore store = new MVStore.Builder().fileName(dataDir.resolve(EmbeddedMongoServer.FILE_NAME).toString())
                .readOnly().open()) {
            assertThat(store.getMapNames()).as("no map of its own for an _id index")
                    .noneMatch(name -> name.contains("._index__id_"))
                    .contains("databases.closeout.lines");
        }

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> lines = collection(client, "lines");
            assertThat(lines.countDocuments()).isEqualTo(198);
            assertThat(lines.find(Filters.eq("_id", 4)).first()).containsEntry("round", 2);
            assertThat(lines.find(Filters.eq("_id", 3L)).first()).isNull();
            assertThat(lines.find(Filters.eq("_id", 199L)).first()).containsEntry("round", 1);
            assertThatThrownBy(() -> lines.insertOne(new Document("_id", 199)))
                    .isInstanceOf(MongoWriteException.class);
            assertThat(collection(client, "dropped").find().into(new ArrayList<>()))
                    .containsExactly(new Document("_id", "a").append("again", true));
        }
    }

    private static MongoCollection<Document> collection(MongoClient client, String name) {
        return client.getDatabase("closeout").getCollection(name);
    }
}
