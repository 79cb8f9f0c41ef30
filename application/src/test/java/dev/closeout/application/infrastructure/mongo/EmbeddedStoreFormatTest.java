package dev.closeout.application.infrastructure.mongo;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded store's file format ({@link BsonDataType}, {@link IndexKeyDataType}): documents of
 * every BSON type read back as written, and a data directory written by the backend's default
 * format (every release before it) opens, with its documents and unique indexes intact.
 */
class EmbeddedStoreFormatTest {

    @TempDir
    Path dataDir;

    @Test
    void documentsOfEveryKindReadBackAsWrittenAfterARestart() {
        Document written = new Document("_id", "task-1")
                .append("string", "巡查发现问题整改")
                .append("int", 42)
                .append("long", 1L << 40)
                .append("double", 0.5)
                .append("boolean", true)
                .append("null", null)
                .append("date", new Date(1_780_000_000_000L))
                .append("objectId", new ObjectId("65f0a1b2c3d4e5f601234567"))
                .append("decimal", new Decimal128(new BigDecimal("12.50")))
                .append("binary", new Binary(new byte[] {1, 2, 3}))
                .append("list", List.of("a", 1, new Document("nested", List.of())))
                .append("document", new Document("lines", List.of(new Document("seq", 3L).append("id", "x"))));
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            collection(client, "kinds").insertOne(written);
            collection(client, "kinds").insertOne(new Document("_id", new ObjectId("65f0a1b2c3d4e5f601234568")));
            server.durability().awaitDurable();
        }

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            assertThat(collection(client, "kinds").find(new Document("_id", "task-1")).first()).isEqualTo(written);
            assertThat(collection(client, "kinds").find(new Document("_id", new ObjectId("65f0a1b2c3d4e5f601234568")))
                    .first()).isNotNull();
        }
    }

    @Test
    void aStoreWrittenInTheBackendsDefaultFormatOpensWithItsDocumentsAndUniqueIndexes() {
        writeInTheDefaultFormat(dataDir, 300);

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> events = collection(client, "events");
            assertThat(events.countDocuments()).isEqualTo(300);
            assertThat(events.find(new Document("_id", 123L)).first()).containsEntry("aggregateKey", "task-23/1");
            assertThat(events.find(new Document("aggregateKey", new Document("$in", List.of("task-7/2", "task-99/0"))))
                    .into(new ArrayList<>())).extracting(event -> event.get("_id")).containsExactlyInAnyOrder(207L, 99L);
            assertThatThrownBy(() -> events.insertOne(event(1_000, "task-7/2")))
                    .as("the unique index still refuses a key it holds").isInstanceOf(MongoWriteException.class);
            assertThatThrownBy(() -> events.insertOne(event(5, "task-new/0")))
                    .as("the _id index still refuses an id it holds").isInstanceOf(MongoWriteException.class);
            events.insertOne(event(300, "task-100/0"));
            collection(client, "ledgers").updateOne(new Document("_id", "督查台账"), Updates.inc("registered", 1));
            server.durability().awaitDurable();
        }

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> events = collection(client, "events");
            assertThat(events.countDocuments()).isEqualTo(301);
            assertThat(events.find(new Document("aggregateKey", "task-100/0")).first()).containsEntry("_id", 300L);
            assertThat(events.find(new Document("aggregateKey", "task-23/1")).first()).containsEntry("_id", 123L);
            assertThat(collection(client, "ledgers").find(new Document("_id", "督查台账")).first())
                    .containsEntry("registered", 8);
        }
    }

    /**
     * H2's default order sorts {@code _id}s by their Java type first (an int before a long, whatever their
     * values) and documents by their serialized bytes; a collection written in it is reordered once, and its
     * separate {@code _id} index removed, so every document is still found by its {@code _id}.
     */
    @Test
    void aCollectionOfMixedIdsWrittenInTheDefaultOrderIsReorderedAndFoundByEveryId() {
        List<Object> ids = List.of(7, -5L, 1L << 40, -2_000_000_000, 0.5, "task-1/0", "巡查-𠀀-整改/12",
                new ObjectId("65f0a1b2c3d4e5f601234567"), new Document("composite", 1).append("part", "b"),
                new Document("composite", 1).append("part", "a"));
        MVStore written = new MVStore.Builder().fileName(dataDir.resolve(EmbeddedMongoServer.FILE_NAME).toString())
                .autoCommitDisabled().open();
        MongoServer stock = new MongoServer(new H2Backend(written));
        try {
            stock.bind("127.0.0.1", 0);
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + stock.getLocalAddress().getPort())) {
                for (int i = 0; i < ids.size(); i++) {
                    collection(client, "mixed").insertOne(new Document("_id", ids.get(i)).append("i", i));
                }
            }
        } finally {
            written.commit();
            stock.shutdownNow();
        }

        for (int start = 0; start < 2; start++) {
            try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
                 MongoClient client = MongoClients.create(server.clientSettings())) {
                MongoCollection<Document> mixed = collection(client, "mixed");
                for (int i = 0; i < ids.size(); i++) {
                    assertThat(mixed.find(new Document("_id", ids.get(i))).first()).as("by _id %s", ids.get(i))
                            .containsEntry("i", i);
                }
                assertThat(mixed.find(new Document("_id", 7L)).first()).containsEntry("i", 0);
                assertThatThrownBy(() -> mixed.insertOne(new Document("_id", 7.0)))
                        .isInstanceOf(MongoWriteException.class);
                assertThat(mixed.countDocuments()).isEqualTo(ids.size());
                server.durability().awaitDurable();
            }
        }
        try (MVStore store = new MVStore.Builder().fileName(dataDir.resolve(EmbeddedMongoServer.FILE_NAME).toString())
                .readOnly().open()) {
            assertThat(store.getMapNames()).doesNotContain("closeout.mixed._index__id_");
        }
    }

    /**
     * Index keys of strings, longs and ints are written in a compact form of their own, any other key as
     * BSON: after a restart each kind is found by its value, in MongoDB's order, and still refused twice.
     */
    @Test
    void indexKeysOfEveryKindAreFoundAndStillUniqueAfterARestart() {
        List<Object> ids = List.of("task-1/0", "巡查-𠀀-整改/12", "", -5L, 1L << 40, 7, -2_000_000_000, 0.5,
                new ObjectId("65f0a1b2c3d4e5f601234567"), new Document("composite", 1));
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> keys = collection(client, "keys");
            keys.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
            keys.createIndex(Indexes.ascending("name", "segment"), new IndexOptions().unique(true));
            for (int i = 0; i < ids.size(); i++) {
                keys.insertOne(new Document("_id", ids.get(i)).append("key", ids.get(i)).append("name", "processor-" + (i % 3))
                        .append("segment", i));
            }
            server.durability().awaitDurable();
        }

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> keys = collection(client, "keys");
            for (int i = 0; i < ids.size(); i++) {
                Object id = ids.get(i);
                assertThat(keys.find(new Document("_id", id)).first()).as("by _id %s", id).containsEntry("segment", i);
                assertThat(keys.find(new Document("key", id)).first()).as("by key %s", id).containsEntry("segment", i);
                assertThat(keys.find(new Document("name", "processor-" + (i % 3)).append("segment", i)).first())
                        .as("by name and segment %s", i).containsEntry("key", id);
                assertThatThrownBy(() -> keys.insertOne(new Document("_id", "another").append("key", id)))
                        .as("a second document with key %s", id).isInstanceOf(MongoWriteException.class);
            }
            assertThat(keys.find(new Document("key", new Document("$in", List.of(-5L, 7, "task-1/0"))))
                    .into(new ArrayList<>())).extracting(key -> key.get("segment")).containsExactlyInAnyOrder(0, 3, 5);
        }
    }

    /** A key written as BSON by the previous version reads as the same key the compact form gives. */
    @Test
    void anIndexKeyWrittenAsBsonReadsAsTheSameKeyAsItsCompactForm() {
        IndexKeyDataType type = new IndexKeyDataType();
        KeyValue key = new KeyValue("trackingtokens/任务视图", 3, 1L << 40);
        byte[] bson = BsonDataType.encode(new de.bwaldvogel.mongo.bson.Document("v", List.of("trackingtokens/任务视图", 3, 1L << 40)));
        ByteBuffer previous = ByteBuffer.allocate(bson.length + 1).put(IndexKeyDataType.TAG_KEY_VALUE).put(bson).flip();

        WriteBuffer compact = new WriteBuffer();
        type.write(compact, key);
        ByteBuffer written = compact.getBuffer().flip();

        assertThat(written.get(0)).isEqualTo(IndexKeyDataType.TAG_KEY_COMPACT);
        assertThat(written.remaining()).as("compact size").isLessThan(previous.remaining());
        assertThat(type.read(previous)).isEqualTo(key);
        assertThat(type.read(written)).isEqualTo(key);
    }

    /**
     * mongo-java-server applies an update to the stored document object itself and puts it back:
     * every kind of update must reach the file, while the page it shares with fifty other documents
     * is rewritten. Each line is changed once while its page is cached from the insert and once after
     * a restart, when its page was read from the file.
     */
    @Test
    void everyKindOfUpdateReachesTheFileWhileItsNeighboursAreWrittenAsRecorded() {
        List<Document> live;
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> lines = collection(client, "lines");
            List<Document> documents = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                documents.add(new Document("_id", "line-" + i).append("n", i).append("tags", List.of("a"))
                        .append("note", "巡查发现问题整改 " + i));
            }
            lines.insertMany(documents);
            server.durability().awaitDurable();
            update(lines, 0);
            server.durability().awaitDurable();
            live = lines.find().into(new ArrayList<>());
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> lines = collection(client, "lines");
            assertThat(lines.find().into(new ArrayList<>())).isEqualTo(live);
            update(lines, 1);
            server.durability().awaitDurable();
            live = lines.find().into(new ArrayList<>());
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            List<Document> stored = collection(client, "lines").find().into(new ArrayList<>());
            assertThat(stored).isEqualTo(live);
            assertThat(stored).filteredOn(line -> line.get("round1") != null).hasSize(7);
        }
    }

    /** One of each kind of update, on lines of round {@code round} (every seventh line from it). */
    private static void update(MongoCollection<Document> lines, int round) {
        String flag = "round" + round;
        lines.updateOne(new Document("_id", "line-" + (round)), Updates.combine(Updates.set("note", "改 " + round),
                Updates.set(flag, true)));
        lines.updateOne(new Document("_id", "line-" + (7 + round)), Updates.combine(Updates.inc("n", 100),
                Updates.set(flag, true)));
        lines.updateOne(new Document("_id", "line-" + (14 + round)), Updates.combine(Updates.push("tags", "b"),
                Updates.set(flag, true)));
        lines.updateOne(new Document("_id", "line-" + (21 + round)), Updates.combine(Updates.unset("note"),
                Updates.set(flag, true)));
        lines.replaceOne(new Document("_id", "line-" + (28 + round)), new Document("replaced", round).append(flag, true));
        lines.findOneAndUpdate(new Document("_id", "line-" + (35 + round)), Updates.combine(Updates.inc("n", -1),
                Updates.set(flag, true)));
        lines.updateMany(new Document("_id", new Document("$in", List.of("line-" + (42 + round)))),
                Updates.combine(Updates.set("many", round), Updates.set(flag, true)));
        lines.updateOne(new Document("_id", "new-" + round), Updates.set("upserted", round),
                new com.mongodb.client.model.UpdateOptions().upsert(true));
    }

    /** What a data directory from before this format holds: the backend's own H2 maps, Java-serialized. */
    private static void writeInTheDefaultFormat(Path dataDir, int events) {
        MVStore store = new MVStore.Builder().fileName(dataDir.resolve(EmbeddedMongoServer.FILE_NAME).toString())
                .autoCommitDisabled().open();
        MongoServer server = new MongoServer(new H2Backend(store));
        try {
            server.bind("127.0.0.1", 0);
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:"
                    + server.getLocalAddress().getPort())) {
                MongoCollection<Document> collection = collection(client, "events");
                collection.createIndex(Indexes.ascending("aggregateKey"), new IndexOptions().unique(true));
                List<Document> documents = new ArrayList<>();
                for (int i = 0; i < events; i++) {
                    documents.add(event(i, "task-" + (i % 100) + "/" + (i / 100)));
                }
                collection.insertMany(documents);
                collection(client, "ledgers").insertOne(new Document("_id", "督查台账").append("registered", 7));
            }
        } finally {
            store.commit();
            server.shutdownNow();
        }
    }

    private static Document event(long globalIndex, String aggregateKey) {
        return new Document("_id", globalIndex).append("aggregateKey", aggregateKey)
                .append("payload", "{\"title\":\"巡查发现问题整改\"}");
    }

    private static MongoCollection<Document> collection(MongoClient client, String name) {
        return client.getDatabase("closeout").getCollection(name);
    }
}
