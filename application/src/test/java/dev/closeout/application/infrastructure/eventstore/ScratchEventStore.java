package dev.closeout.application.infrastructure.eventstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.closeout.application.support.TestMongo;
import org.axonframework.eventsourcing.utils.TestSerializer;
import org.bson.Document;

/** An event storage engine on a database of its own on the shared test server, dropped when closed. */
public final class ScratchEventStore implements AutoCloseable {

    private final MongoClient client = TestMongo.newClient();
    private final MongoDatabase database = client.getDatabase(TestMongo.newDatabaseName());
    private final MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
            .eventSerializer(TestSerializer.xStreamSerializer())
            .snapshotSerializer(TestSerializer.xStreamSerializer())
            .database(database)
            .build();

    public MongoDatabase database() {
        return database;
    }

    public MongoEventStorageEngine engine() {
        return engine;
    }

    public MongoCollection<Document> events() {
        return database.getCollection("events");
    }

    /** The stored document of an aggregate's event, by its key. */
    public Document stored(String aggregate, long sequence) {
        return events().find(new Document("aggregateKey", aggregate + "/" + sequence)).first();
    }

    @Override
    public void close() {
        database.drop();
        client.close();
    }
}
