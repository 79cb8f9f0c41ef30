package dev.closeout.application.infrastructure.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads and writes by {@code _id} on the embedded store answer exactly the documents named: a query on {@code _id}
 * alone is answered from the {@code _id} index without checking each document against the query again
 * ({@link CopyOnUpdateCollection}), so what that check used to catch must not depend on it.
 */
class IdLookupTest {

    @TempDir
    Path dataDir;

    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoCollection<Document> lines;

    @BeforeEach
    void storeLines() {
        server = EmbeddedMongoServer.start(dataDir);
        client = MongoClients.create(server.clientSettings());
        lines = client.getDatabase("closeout").getCollection("lines");
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            documents.add(new Document("_id", "line-" + i).append("status", i % 3 == 0 ? "open" : "closed"));
        }
        for (long position = 0; position < 10; position++) {
            documents.add(new Document("_id", position).append("status", "open"));
        }
        lines.insertMany(documents);
    }

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void aReadOfManyIdsAnswersEachStoredOneOnceAndNothingElse() {
        List<Object> asked = new ArrayList<>();
        for (int i = 0; i < 300; i += 2) {
            asked.add("line-" + i);
        }
        asked.add("line-4");
        asked.add("line-999");
        asked.add(3);
        asked.add(4L);
        asked.add(42L);

        List<Object> found = ids(lines.find(Filters.in("_id", asked)));

        assertThat(found).hasSize(152).doesNotHaveDuplicates().contains("line-0", "line-298", 3L, 4L)
                .doesNotContain("line-1", "line-999", 42L);
    }

    @Test
    void aReadOfOneIdAnswersThatDocumentAndAMissingOneNothing() {
        assertThat(ids(lines.find(Filters.eq("_id", "line-7")))).containsExactly("line-7");
        assertThat(ids(lines.find(Filters.eq("_id", 7)))).containsExactly(7L);
        assertThat(ids(lines.find(Filters.eq("_id", "line-300")))).isEmpty();
    }

    @Test
    void otherConditionsBesideTheIdsAreStillChecked() {
        List<String> asked = List.of("line-0", "line-1", "line-2", "line-3");

        assertThat(ids(lines.find(Filters.and(Filters.in("_id", asked), Filters.eq("status", "open")))))
                .containsExactlyInAnyOrder("line-0", "line-3");
    }

    @Test
    void anUpdateOfManyIdsChangesThoseAndNoOthers() {
        long changed = lines.updateMany(Filters.in("_id", List.of("line-1", "line-2", "line-999", 5L)),
                Updates.set("status", "returned")).getModifiedCount();

        assertThat(changed).isEqualTo(3);
        assertThat(ids(lines.find(Filters.eq("status", "returned")))).containsExactlyInAnyOrder("line-1", "line-2", 5L);
    }

    private static List<Object> ids(Iterable<Document> documents) {
        List<Object> ids = new ArrayList<>();
        documents.forEach(document -> ids.add(document.get("_id")));
        return ids;
    }
}
