package dev.closeout.projections.support;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.util.ArrayList;
import java.util.List;

/** The embedded server on a free port, reached over the wire like a real one. */
public final class EmbeddedMongo implements AutoCloseable {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client;
    private final List<MongoClient> listened = new ArrayList<>();

    public EmbeddedMongo() {
        server.bind("127.0.0.1", 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    }

    /** A server whose client tells {@code listener} of every command, e.g. to count what a read fetched. */
    public EmbeddedMongo(CommandListener listener) {
        server.bind("127.0.0.1", 0);
        client = listenedClient(listener);
    }

    public MongoDatabase database(String name) {
        return client.getDatabase(name);
    }

    /** The same server's database through a client of its own that tells {@code listener} of every command. */
    public MongoDatabase database(String name, CommandListener listener) {
        MongoClient own = listenedClient(listener);
        listened.add(own);
        return own.getDatabase(name);
    }

    private MongoClient listenedClient(CommandListener listener) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + server.getLocalAddress().getPort()))
                .addCommandListener(listener).build());
    }

    @Override
    public void close() {
        listened.forEach(MongoClient::close);
        client.close();
        server.shutdownNow();
    }
}
