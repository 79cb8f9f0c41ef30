package dev.closeout.application.infrastructure.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link EmbeddedMongoKillTest}: inserts documents one by one into the
 * embedded server, and prints {@code ACK i} only after {@link Durability#awaitDurable()} returned
 * for document {@code i}, the point where a command would be acknowledged.
 *
 * <p>Arguments: data directory, number of documents.
 */
public final class AcknowledgingWriter {

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
        MongoClient client = MongoClients.create(server.clientSettings());
        MongoCollection<Document> collection = client.getDatabase("closeout").getCollection("acked");
        Durability durability = server.durability();
        for (int i = 0; i < count; i++) {
            collection.insertOne(new Document("_id", i).append("payload", "x".repeat(600)));
            durability.awaitDurable();
            System.out.println("ACK " + i);
            System.out.flush();
        }
        // no close: the test kills this process
        System.out.println("DONE");
        System.out.flush();
    }
}
