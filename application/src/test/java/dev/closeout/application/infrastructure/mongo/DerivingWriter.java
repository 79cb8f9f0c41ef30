package dev.closeout.application.infrastructure.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link ReadModelStoreKillTest}: writes event {@code i} to the events' store, then a
 * token saying {@code i} was handled to the read models' store, as a processor does, without waiting for either
 * store's commits; and halts the JVM (no shutdown hook, no final commit) the moment the read models' store has
 * made its second commit since it started, having written a token, printing {@code HALT} first.
 *
 * <p>Arguments: data directory.
 */
public final class DerivingWriter {

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        EmbeddedMongoServer events = EmbeddedMongoServer.start(dataDir);
        EmbeddedMongoServer readModels = EmbeddedMongoServer.startReadModels(dataDir, events);
        MongoClient eventsClient = MongoClients.create(events.clientSettings());
        MongoClient readModelsClient = MongoClients.create(readModels.clientSettings());
        MongoCollection<Document> stored = eventsClient.getDatabase("closeout").getCollection("events");
        MongoCollection<Document> token = readModelsClient.getDatabase("closeout").getCollection("trackingtokens");
        long commitsAtStart = readModels.commits();
        long bytesAtStart = readModels.bytesWritten();
        for (int i = 0; ; i++) {
            stored.insertOne(new Document("_id", i).append("payload", "x".repeat(600)));
            token.replaceOne(Filters.eq("_id", "ledger"), new Document("_id", "ledger").append("handled", i),
                    new ReplaceOptions().upsert(true));
            // its second commit, one of them at least with a token in it
            if (readModels.commits() >= commitsAtStart + 2 && readModels.bytesWritten() > bytesAtStart) {
                System.out.println("HALT " + i);
                System.out.flush();
                Runtime.getRuntime().halt(0);
            }
        }
    }
}
