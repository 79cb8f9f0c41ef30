package dev.closeout.application.infrastructure.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A unique index serves a query of its full key with more conditions besides (the token store's, an update
 * guarded by a version), and the documents found still answer to the whole query.
 */
class BsonUniqueIndexTest {

    @TempDir
    Path dataDir;

    @Test
    void servesItsFullKeyWithMoreConditionsButNotOperatorsOnItsKeys() {
        MVStore store = new MVStore.Builder().open();
        MVMap<KeyValue, Object> map = store.openMap("index", new MVMap.Builder<KeyValue, Object>()
                .keyType(new IndexKeyDataType()).valueType(new BsonDataType()));
        BsonUniqueIndex index = new BsonUniqueIndex(map, "token", List.of(new IndexKey("processorName", true),
                new IndexKey("segment", true)), false);

        assertThat(index.canHandle(query("processorName", "ledger", "segment", 0))).isTrue();
        assertThat(index.canHandle(query("processorName", "ledger", "segment", 0, "owner", "node-1"))).isTrue();
        assertThat(index.canHandle(query("processorName", "ledger", "owner", "node-1"))).as("part of its key").isFalse();
        assertThat(index.canHandle(query("processorName", "ledger", "segment",
                new de.bwaldvogel.mongo.bson.Document("$gt", 0), "owner", "node-1"))).as("an operator on its key").isFalse();
        assertThat(index.canHandle(query("processorName", null, "segment", 0, "owner", "node-1"))).as("null").isFalse();
        store.close();
    }

    @Test
    void findsUpdatesAndDeletesOnlyWhatTheWholeQueryMatches() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> tokens = client.getDatabase("closeout").getCollection("tokens");
            tokens.createIndex(Indexes.ascending("processorName", "segment"), new IndexOptions().unique(true));
            for (String processor : List.of("ledger", "search", "audit-trail")) {
                for (int segment = 0; segment < 2; segment++) {
                    tokens.insertOne(new Document("processorName", processor).append("segment", segment)
                            .append("owner", segment == 0 ? "node-1" : null).append("token", 7L));
                }
            }

            assertThat(tokens.find(Filters.and(Filters.eq("processorName", "search"), Filters.eq("segment", 0),
                    Filters.eq("owner", "node-1"))).into(new ArrayList<>())).hasSize(1);
            assertThat(tokens.find(Filters.and(Filters.eq("processorName", "search"), Filters.eq("segment", 0),
                    Filters.eq("owner", "node-2"))).into(new ArrayList<>())).as("another owner").isEmpty();
            assertThat(tokens.find(Filters.and(Filters.eq("processorName", "search"), Filters.eq("segment", 1),
                    Filters.or(Filters.eq("owner", "node-2"), Filters.eq("owner", null)))).into(new ArrayList<>()))
                    .as("unclaimed, or claimed by node-2").hasSize(1);

            assertThat(tokens.updateOne(Filters.and(Filters.eq("processorName", "ledger"), Filters.eq("segment", 0),
                    Filters.eq("owner", "node-2")), Updates.set("token", 8L)).getModifiedCount()).isZero();
            assertThat(tokens.updateOne(Filters.and(Filters.eq("processorName", "ledger"), Filters.eq("segment", 0),
                    Filters.eq("owner", "node-1")), Updates.set("token", 9L)).getModifiedCount()).isEqualTo(1);
            assertThat(tokens.deleteOne(Filters.and(Filters.eq("processorName", "audit-trail"), Filters.eq("segment", 1),
                    Filters.eq("token", 6L))).getDeletedCount()).as("another token").isZero();

            assertThat(tokens.find(Filters.eq("token", 9L)).into(new ArrayList<>()))
                    .extracting(token -> token.getString("processorName") + "/" + token.getInteger("segment"))
                    .containsExactly("ledger/0");
            assertThat(tokens.countDocuments()).isEqualTo(6);
        }
    }

    private static de.bwaldvogel.mongo.bson.Document query(Object... keysAndValues) {
        de.bwaldvogel.mongo.bson.Document query = new de.bwaldvogel.mongo.bson.Document();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            query.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return query;
    }
}
