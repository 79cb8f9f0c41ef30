package dev.closeout.application.infrastructure.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;
import org.h2.mvstore.MVMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded store never changes a stored document in place: what a commit serializes and what a
 * read's reply encodes is one version of it, whatever updates run meanwhile.
 */
class CopyOnUpdateCollectionTest {

    private static final long WAIT_SECONDS = 30;
    private static final int READS = 5_000;

    @TempDir
    Path dataDir;

    @Test
    void anUpdateLeavesTheStoredDocumentAsItWasAndStoresAChangedCopy() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> things = client.getDatabase("closeout").getCollection("things");
            things.insertOne(new Document("_id", 1).append("n", 0).append("tags", List.of("a")));
            MVMap<Object, StoredDocument> stored = server.store().openMap("databases.closeout.things");
            de.bwaldvogel.mongo.bson.Document before = stored.get(1).document();

            things.updateOne(Filters.eq("_id", 1), Updates.combine(Updates.set("n", 1), Updates.push("tags", "b")));
            things.findOneAndUpdate(Filters.eq("_id", 1), Updates.unset("tags"));

            // a commit that took the page holding `before` writes it as it was when taken
            assertThat(before.get("n")).isEqualTo(0);
            assertThat(before.get("tags")).isEqualTo(List.of("a"));
            de.bwaldvogel.mongo.bson.Document after = stored.get(1).document();
            assertThat(after).isNotSameAs(before);
            assertThat(after.get("n")).isEqualTo(1);
            assertThat(after.containsKey("tags")).isFalse();
        }
    }

    /** An update whose filter no index serves finds the documents by scanning, and changes copies of them too. */
    @Test
    void anUpdateFoundByScanningAlsoChangesACopy() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> things = client.getDatabase("closeout").getCollection("things");
            things.insertOne(new Document("_id", 1).append("n", 0).append("kind", "x"));
            things.insertOne(new Document("_id", 2).append("n", 0).append("kind", "y"));
            MVMap<Object, StoredDocument> stored = server.store().openMap("databases.closeout.things");
            de.bwaldvogel.mongo.bson.Document before = stored.get(1).document();

            things.updateMany(Filters.eq("kind", "x"), Updates.set("n", 1));
            things.findOneAndUpdate(Filters.eq("kind", "x"), Updates.inc("n", 1));

            assertThat(before.get("n")).isEqualTo(0);
            assertThat(stored.get(1).document().get("n")).isEqualTo(2);
            assertThat(things.find(Filters.eq("_id", 1)).first()).containsEntry("n", 2);
            assertThat(things.find(Filters.eq("_id", 2)).first()).containsEntry("n", 0);
        }
    }

    /**
     * A replacement, a {@code $set} or a {@code $setOnInsert} of one document named by its {@code _id} (how views,
     * lines and records are stored) answers as MongoDB does: matched, modified only when the document changed,
     * upserted when asked and missing, its {@code _id} first, a field set again in its place; and a collection with a
     * unique index of its own still refuses a duplicate.
     */
    @Test
    void anUpdateByIdAnswersAsMongoDbDoes() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> views = client.getDatabase("closeout").getCollection("views");
            views.insertOne(new Document("_id", "t-1").append("status", "REGISTERED").append("version", 0L));
            views.insertOne(new Document("_id", 7L).append("n", 1));
            MVMap<Object, StoredDocument> stored = server.store().openMap("databases.closeout.views");
            de.bwaldvogel.mongo.bson.Document before = stored.get("t-1").document();

            UpdateResult changed = views.replaceOne(Filters.eq("_id", "t-1"),
                    new Document("status", "CLAIMED").append("version", 1L));
            UpdateResult same = views.replaceOne(Filters.eq("_id", "t-1"),
                    new Document("_id", "t-1").append("status", "CLAIMED").append("version", 1L));
            UpdateResult missing = views.replaceOne(Filters.eq("_id", "t-2"), new Document("status", "CLAIMED"));
            UpdateResult upserted = views.replaceOne(Filters.eq("_id", "t-3"), new Document("status", "REGISTERED"),
                    new ReplaceOptions().upsert(true));
            UpdateResult byOtherNumber = views.replaceOne(Filters.eq("_id", 7), new Document("n", 2));

            assertThat(List.of(changed.getMatchedCount(), changed.getModifiedCount())).containsExactly(1L, 1L);
            assertThat(List.of(same.getMatchedCount(), same.getModifiedCount())).containsExactly(1L, 0L);
            assertThat(List.of(missing.getMatchedCount(), missing.getModifiedCount())).containsExactly(0L, 0L);
            assertThat(upserted.getUpsertedId()).isEqualTo(new BsonString("t-3"));
            assertThat(byOtherNumber.getModifiedCount()).isEqualTo(1L);
            assertThat(before).containsEntry("status", "REGISTERED");
            assertThat(views.find(Filters.eq("_id", "t-1")).first())
                    .isEqualTo(new Document("_id", "t-1").append("status", "CLAIMED").append("version", 1L));
            assertThat(new ArrayList<>(views.find(Filters.eq("_id", "t-3")).first().keySet())).containsExactly("_id", "status");
            assertThat(views.find(Filters.eq("_id", "t-2")).first()).isNull();
            assertThat(views.find(Filters.eq("_id", 7L)).first()).isEqualTo(new Document("_id", 7L).append("n", 2));

            MongoCollection<Document> lines = client.getDatabase("closeout").getCollection("lines");
            lines.insertOne(new Document("_id", "l-1").append("item", "t-1").append("line", new Document("seq", 0L)));
            UpdateResult set = lines.updateOne(Filters.eq("_id", "l-1"), Updates.set("line", new Document("seq", 1L)));
            UpdateResult setSame = lines.updateOne(Filters.eq("_id", "l-1"), Updates.set("line", new Document("seq", 1L)));
            UpdateResult setNew = lines.updateOne(Filters.eq("_id", "l-1"), Updates.set("ledger", "督查台账"));
            UpdateResult setMissing = lines.updateOne(Filters.eq("_id", "l-2"), Updates.set("item", "t-2"));
            UpdateResult setUpserted = lines.updateOne(Filters.eq("_id", "l-3"), Updates.set("item", "t-3"),
                    new UpdateOptions().upsert(true));
            UpdateResult onInsertThere = lines.updateOne(Filters.eq("_id", "l-1"), Updates.setOnInsert("item", "t-9"),
                    new UpdateOptions().upsert(true));
            UpdateResult onInsertMissing = lines.updateOne(Filters.eq("_id", "l-4"),
                    Updates.setOnInsert(new Document("item", "t-4").append("at", 4L)), new UpdateOptions().upsert(true));
            UpdateResult dotted = lines.updateOne(Filters.eq("_id", "l-1"), Updates.set("line.seq", 2L));

            assertThat(List.of(set.getMatchedCount(), set.getModifiedCount(), setSame.getModifiedCount(),
                    setNew.getModifiedCount(), setMissing.getMatchedCount(), onInsertThere.getMatchedCount(),
                    onInsertThere.getModifiedCount(), dotted.getModifiedCount())).containsExactly(1L, 1L, 0L, 1L, 0L, 1L, 0L, 1L);
            assertThat(setUpserted.getUpsertedId()).isEqualTo(new BsonString("l-3"));
            assertThat(onInsertMissing.getUpsertedId()).isEqualTo(new BsonString("l-4"));
            assertThat(lines.find(Filters.eq("_id", "l-1")).first()).isEqualTo(new Document("_id", "l-1")
                    .append("item", "t-1").append("line", new Document("seq", 2L)).append("ledger", "督查台账"));
            assertThat(new ArrayList<>(lines.find(Filters.eq("_id", "l-1")).first().keySet()))
                    .as("a field set again keeps its place").containsExactly("_id", "item", "line", "ledger");
            assertThat(lines.find(Filters.eq("_id", "l-2")).first()).isNull();
            assertThat(lines.find(Filters.eq("_id", "l-3")).first()).isEqualTo(new Document("_id", "l-3").append("item", "t-3"));
            assertThat(lines.find(Filters.eq("_id", "l-4")).first())
                    .isEqualTo(new Document("_id", "l-4").append("item", "t-4").append("at", 4L));

            MongoCollection<Document> alerts = client.getDatabase("closeout").getCollection("alerts");
            alerts.createIndex(Indexes.ascending("alertId"), new IndexOptions().unique(true));
            alerts.insertOne(new Document("_id", 1L).append("alertId", "a"));
            alerts.insertOne(new Document("_id", 2L).append("alertId", "b"));
            assertThatThrownBy(() -> alerts.replaceOne(Filters.eq("_id", 2L), new Document("alertId", "a")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        }
    }

    /**
     * A replacement on the version the writer holds ({@code {_id, version}}) replaces the document only where it is
     * still at that version, numbers compared by value, and answers as the backend's own query does: the same
     * replacements in a collection with a second index, which the backend updates itself, answer the same.
     */
    @Test
    void aReplacementOnItsVersionAnswersAsTheBackendsQueryDoes() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> byId = client.getDatabase("closeout").getCollection("views");
            MongoCollection<Document> byBackend = client.getDatabase("closeout").getCollection("indexed");
            byBackend.createIndex(Indexes.ascending("status"));
            List<List<Long>> answers = new ArrayList<>();
            for (MongoCollection<Document> views : List.of(byId, byBackend)) {
                views.insertOne(new Document("_id", "t-1").append("status", "CLAIMED").append("version", 1L));
                List<Long> counts = new ArrayList<>();
                for (Document filter : List.of(
                        new Document("_id", "t-1").append("version", 0L),
                        new Document("_id", "t-1").append("version", 1),
                        new Document("_id", "t-1").append("version", 1L),
                        new Document("_id", "t-2").append("version", 1L),
                        new Document("_id", "t-1").append("status", "DONE"))) {
                    UpdateResult result = views.replaceOne(filter, new Document("status", "DONE")
                            .append("version", filter.get("version") == null ? 9L : ((Number) filter.get("version")).longValue() + 1));
                    counts.add(result.getMatchedCount());
                    counts.add(result.getModifiedCount());
                }
                answers.add(counts);
                assertThat(views.find(Filters.eq("_id", "t-1")).first()).isEqualTo(
                        new Document("_id", "t-1").append("status", "DONE").append("version", 9L));
                assertThat(views.countDocuments()).isEqualTo(1);
            }
            // not at version 0; at version 1 as an int; then at 2, no longer at 1; no t-2; status DONE
            assertThat(answers.get(0)).containsExactly(0L, 0L, 1L, 1L, 0L, 0L, 0L, 0L, 1L, 1L);
            assertThat(answers.get(1)).isEqualTo(answers.get(0));
        }
    }

    /**
     * A {@code $set} by a unique index's keys and other equalities, as Axon's token store writes a token, answers and
     * leaves the documents as the backend does: the same updates on a collection whose unique key has an extra index,
     * which sends them to the backend, answer the same, and the unique index still finds every document.
     */
    @Test
    void anUpdateByAUniqueKeyAnswersAsTheBackendDoes() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> byKey = client.getDatabase("closeout").getCollection("tokens");
            MongoCollection<Document> byBackend = client.getDatabase("closeout").getCollection("backend_tokens");
            // a unique index holding the field set: the fast path leaves such updates to the backend
            byBackend.createIndex(Indexes.ascending("token", "_id"), new IndexOptions().unique(true));
            List<List<Long>> answers = new ArrayList<>();
            List<List<Document>> contents = new ArrayList<>();
            for (MongoCollection<Document> tokens : List.of(byKey, byBackend)) {
                tokens.createIndex(Indexes.ascending("processorName", "segment"), new IndexOptions().unique(true));
                tokens.insertOne(new Document("_id", "a").append("processorName", "ledger").append("segment", 0)
                        .append("owner", "node-1").append("token", 1L));
                tokens.insertOne(new Document("_id", "b").append("processorName", "ledger").append("segment", 1)
                        .append("owner", "node-2").append("token", 1L));
                List<Long> counts = new ArrayList<>();
                for (Bson filter : List.of(
                        Filters.and(Filters.eq("processorName", "ledger"), Filters.eq("segment", 0), Filters.eq("owner", "node-1")),
                        Filters.and(Filters.eq("processorName", "ledger"), Filters.eq("segment", 0), Filters.eq("owner", "node-1")),
                        Filters.and(Filters.eq("processorName", "ledger"), Filters.eq("segment", 1), Filters.eq("owner", "node-1")),
                        Filters.and(Filters.eq("processorName", "ledger"), Filters.eq("segment", 1L), Filters.eq("owner", "node-2")),
                        Filters.and(Filters.eq("processorName", "search"), Filters.eq("segment", 0)),
                        Filters.and(Filters.eq("processorName", "ledger"), Filters.eq("segment", 0), Filters.eq("gone", true)))) {
                    UpdateResult result = tokens.updateOne(filter, Updates.combine(Updates.set("token", 2L),
                            Updates.set("timestamp", "2026-03-11T02:00:00Z")));
                    counts.add(result.getMatchedCount());
                    counts.add(result.getModifiedCount());
                }
                answers.add(counts);
                contents.add(tokens.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()));
                assertThat(tokens.find(Filters.and(Filters.eq("processorName", "ledger"), Filters.eq("segment", 1)))
                        .first()).containsEntry("_id", "b");
            }
            // changed; the same again; not its owner; by a long segment; no such token; a field it lacks
            assertThat(answers.get(0)).containsExactly(1L, 1L, 1L, 0L, 0L, 0L, 1L, 1L, 0L, 0L, 0L, 0L);
            assertThat(answers.get(1)).isEqualTo(answers.get(0));
            assertThat(contents.get(0)).isEqualTo(contents.get(1));
            assertThat(contents.get(0).get(0)).containsEntry("token", 2L).containsEntry("owner", "node-1");
            assertThat(new ArrayList<>(contents.get(0).get(0).keySet()))
                    .containsExactly("_id", "processorName", "segment", "owner", "token", "timestamp");
            assertThatThrownBy(() -> byKey.updateOne(Filters.and(Filters.eq("processorName", "ledger"),
                    Filters.eq("segment", 0)), Updates.set("segment", 1)))
                    .as("a field of the unique key set: the backend's, which keeps the index")
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        }
    }

    /** The collection's size, as {@code collStats} gives it, is its documents' BSON bytes after every kind of write. */
    @Test
    void theCollectionsSizeIsItsDocumentsBytes() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> things = client.getDatabase("closeout").getCollection("things");
            for (int i = 0; i < 20; i++) {
                things.insertOne(new Document("_id", i).append("title", "背街小巷环境整治 " + i).append("n", i));
            }
            things.updateMany(Filters.lt("n", 10), Updates.set("note", "已完成8条巷道管网改造"));
            things.updateOne(Filters.eq("_id", 12), Updates.unset("title"));
            things.replaceOne(Filters.eq("_id", 13), new Document("short", true));
            things.deleteMany(Filters.gt("n", 16));

            long bytes = 0;
            for (RawBsonDocument document : client.getDatabase("closeout").getCollection("things", RawBsonDocument.class).find()) {
                bytes += document.getByteBuffer().remaining();
            }
            Document stats = client.getDatabase("closeout").runCommand(new Document("collStats", "things"));
            assertThat(((Number) stats.get("size")).longValue()).isEqualTo(bytes);
            assertThat(((Number) stats.get("count")).longValue()).isEqualTo(17);
        }
    }

    /**
     * A read's reply is encoded after the collection has let go of its lock; had the update changed the
     * stored document in place meanwhile, the reply would mix two versions. Measured with the update
     * in place: a mixed reply within the first few hundred reads.
     */
    @Test
    void aReadNeverSeesADocumentHalfUpdated() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> things = client.getDatabase("closeout").getCollection("things");
            List<String> fields = IntStream.range(0, 40).mapToObj(i -> "f" + i).toList();
            Document first = new Document("_id", 1);
            fields.forEach(field -> first.append(field, 0L));
            things.insertOne(first);
            AtomicBoolean done = new AtomicBoolean();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (long n = 1; !done.get(); n++) {
                    long value = n;
                    things.updateOne(Filters.eq("_id", 1),
                            Updates.combine(fields.stream().map(field -> Updates.set(field, value)).toList()));
                }
            });
            List<String> mixed = new ArrayList<>();
            try {
                for (int read = 0; read < READS && mixed.isEmpty(); read++) {
                    Document seen = things.find(Filters.eq("_id", 1)).first();
                    Set<Object> values = fields.stream().map(seen::get).collect(Collectors.toSet());
                    if (values.size() != 1) {
                        mixed.add("read " + read + ": " + values);
                    }
                }
            } finally {
                done.set(true);
                writer.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            assertThat(mixed).isEmpty();
        }
    }
}
