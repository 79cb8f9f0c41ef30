package dev.closeout.application.support;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The MongoDB server every integration test talks to over the wire: a Testcontainers
 * MongoDB replica set where a Docker engine is available, otherwise mongo-java-server
 * started in this JVM on a free port. One server per test JVM; each test takes a fresh
 * database from {@link #newDatabaseName()} so tests do not see each other's data.
 */
public final class TestMongo {

    private static final String IMAGE = "mongo:7.0";
    private static volatile String connectionString;
    private static volatile String kind;

    private TestMongo() {
    }

    /** {@code mongodb://host:port} of the shared test server, starting it on first use. */
    public static String connectionString() {
        if (connectionString == null) {
            synchronized (TestMongo.class) {
                if (connectionString == null) {
                    start();
                }
            }
        }
        return connectionString;
    }

    /** "testcontainers" or "embedded": which server the tests run against. */
    public static String kind() {
        connectionString();
        return kind;
    }

    /**
     * The ports of the shared test server, none while this JVM has not started it: unlike the methods above,
     * asking does not start it. For tests that tell the connections of an application context cached in this
     * JVM, which talks to this server all the while, from their own.
     */
    public static Set<Integer> portsIfStarted() {
        String started = connectionString;
        if (started == null) {
            return Set.of();
        }
        Set<Integer> ports = new HashSet<>();
        for (String host : new ConnectionString(started).getHosts()) {
            int colon = host.lastIndexOf(':');
            ports.add(colon < 0 || host.endsWith("]") ? ServerAddress.defaultPort()
                    : Integer.parseInt(host.substring(colon + 1)));
        }
        return ports;
    }

    public static boolean isEmbedded() {
        return "embedded".equals(kind());
    }

    /** The connection string with a database name, for {@code spring.data.mongodb.uri}. */
    public static String uri(String database) {
        String base = connectionString();
        ConnectionString parsed = new ConnectionString(base);
        String hosts = String.join(",", parsed.getHosts());
        String query = base.contains("?") ? base.substring(base.indexOf('?')) : "";
        return "mongodb://" + hosts + "/" + database + query;
    }

    public static String newDatabaseName() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    public static MongoClient newClient() {
        return MongoClients.create(connectionString());
    }

    /** A client of the shared test server that tells {@code listener} of every command it sends. */
    public static MongoClient newClient(CommandListener listener) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connectionString()))
                .addCommandListener(listener).build());
    }

    private static void start() {
        if (dockerAvailable()) {
            MongoDBContainer container = new MongoDBContainer(IMAGE).withReplicaSet();
            container.start();
            connectionString = container.getReplicaSetUrl().replaceAll("/[^/?]*(\\?|$)", "/$1");
            kind = "testcontainers";
        } else {
            MongoServer server = new MongoServer(new MemoryBackend());
            server.bind("127.0.0.1", 0);
            connectionString = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
            kind = "embedded";
            // Not stopped by a shutdown hook: the applications' own hooks still write to it as they close
            // (releasing webhook leases), and hooks run all at once, so one that stopped it left a closing
            // application waiting 30 s to select a server and Surefire killing the JVM. The server lives in
            // memory and ends with the JVM.

        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }
}
