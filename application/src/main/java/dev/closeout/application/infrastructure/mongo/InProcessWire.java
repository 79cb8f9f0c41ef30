package dev.closeout.application.infrastructure.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.ServerAddress;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.MongoExceptionHandler;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import io.netty.channel.ChannelHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.ConnectException;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * mongo-java-server's wire protocol, served to clients in this JVM only: no port, no socket, so
 * no other process can connect. A TCP port, even on 127.0.0.1, has no authentication in
 * mongo-java-server: any local process could read and write every collection past the
 * application's role checks.
 *
 * <p>Each connection runs the pipeline {@link de.bwaldvogel.mongo.MongoServer} builds for a socket
 * (whose {@code bind} accepts only TCP) by hand, with the driver's commands decoded by
 * {@link WireRequestDecoder}, its requests one at a time in order, on the
 * server's worker threads. Commands run there and never on a caller's thread: a thread interrupted
 * while H2 reads its file would close the file channel, and with it the store. Workers are not a
 * fixed set of event loops shared by many connections: a write waits while a commit holds the
 * store ({@link CommitFencedBackend}), and on a shared loop every other connection's request, reads
 * included, waited behind it.
 */
final class InProcessWire {

    /**
     * The driver's name for the server, never looked up on a network: ".invalid" is reserved for
     * names that resolve nowhere, and the sockets the driver gets here ignore the address.
     */
    private static final String DOMAIN = ".invalid";
    private static final int SHUTDOWN_TIMEOUT_SECONDS = 5;

    private final MongoBackend backend;
    /** {@code threadPrefix.invalid}: which store a client's commands go to, as its command listeners see it. */
    private final ServerAddress address;
    private final ExecutorService workers;
    /** The server's ends, which MongoDatabaseHandler insists on keeping a list of. */
    private final ChannelGroup serverEnds;
    private final Set<InProcessConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean accepting = true;

    private InProcessWire(MongoBackend backend, String threadPrefix) {
        this.backend = backend;
        this.address = new ServerAddress(threadPrefix + DOMAIN, 0);
        // as many threads as requests being served at once, at most one per connection; idle ones end
        this.workers = Executors.newCachedThreadPool(new DefaultThreadFactory(threadPrefix + "-worker", true));
        this.serverEnds = new DefaultChannelGroup(threadPrefix + "-connections", GlobalEventExecutor.INSTANCE);
    }

    /** Starts serving {@code backend}; {@link #shutdownNow()} closes it. */
    static InProcessWire serve(MongoBackend backend) {
        return serve(backend, "embedded-mongo");
    }

    /** Starts serving {@code backend} on threads named {@code threadPrefix-worker-…}. */
    static InProcessWire serve(MongoBackend backend, String threadPrefix) {
        return new InProcessWire(backend, threadPrefix);
    }

    /** Settings for a MongoDB client of this server: the way in is the socket factory of their TLS context. */
    MongoClientSettings.Builder clientSettings() {
        return MongoClientSettings.builder()
                .applyToClusterSettings(cluster -> cluster.hosts(List.of(address)))
                .applyToSslSettings(tls -> tls.enabled(true)
                        .invalidHostNameAllowed(true)
                        .context(InProcessSocketFactory.sslContext(this)))
                // the driver looks the name up before it asks for a socket
                .inetAddressResolver(host -> List.of(InetAddress.getLoopbackAddress()));
    }

    InProcessConnection connect() throws ConnectException {
        if (!accepting) {
            throw new ConnectException("The embedded MongoDB server no longer accepts connections");
        }
        InProcessConnection connection = new InProcessConnection(new SerialExecutor(workers), serverPipeline(), open::remove);
        open.add(connection);
        return connection;
    }

    /** No new connections; open ones go on. */
    void stopAccepting() {
        accepting = false;
    }

    /**
     * Closes every connection, lets the workers finish what they were given (never interrupting them: see
     * above), then closes the backend.
     */
    void shutdownNow() {
        stopAccepting();
        open.forEach(InProcessConnection::close);
        workers.shutdown();
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SHUTDOWN_TIMEOUT_SECONDS);
        while (!workers.isTerminated() && System.nanoTime() < deadline) {
            try {
                workers.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        backend.close();
    }

    private ChannelHandler[] serverPipeline() {
        return new ChannelHandler[] {
                new MongoWireReplyEncoder(),
                new MongoWireMessageEncoder(),
                new WireRequestDecoder(),
                new MongoDatabaseHandler(backend, serverEnds),
                new MongoExceptionHandler()};
    }
}
