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
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * mongo-java-server's wire protocol, served to clients in this JVM only: no port, no socket, so
 * no other process can connect. A TCP port, even on 127.0.0.1, has no authentication in
 * mongo-java-server: any local process could read and write every collection past the
 * application's role checks.
 *
 * <p>Each connection runs the pipeline {@link de.bwaldvogel.mongo.MongoServer} builds for a socket
 * (whose {@code bind} accepts only TCP) by hand, with the driver's commands decoded by
 * {@link WireRequestDecoder}, its requests one at a time in order, on the thread that sends them ({@link #run}):
 * the driver's thread waits for the reply anyway, and handing each request to a server thread and its reply back
 * cost as much CPU as serving it (a read by {@code _id}: 74–97 µs a round trip handed over, 39 µs served on the
 * caller's thread; docs/measurements.md, session 30). A thread interrupted while H2 reads or writes its file
 * would close the file channel, and with it the store: the store's file is opened through H2's {@code retry:}
 * file system, which opens the channel again and repeats the read or write, and a request is served with its
 * thread's interrupt flag put aside and set again once the reply is queued, so an interrupt already pending
 * closes nothing. A write waits while a commit holds the store ({@link CommitFencedBackend}) on its own
 * thread, and reads on other connections go on.
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
    /** Held for reading while a request is served; for writing from the shutdown on, so none is served after. */
    private final ReadWriteLock serving = new ReentrantReadWriteLock();
    private volatile boolean stopped;
    /** The server's ends, which MongoDatabaseHandler insists on keeping a list of. */
    private final ChannelGroup serverEnds;
    private final Set<InProcessConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean accepting = true;

    private InProcessWire(MongoBackend backend, String threadPrefix) {
        this.backend = backend;
        this.address = new ServerAddress(threadPrefix + DOMAIN, 0);
        this.serverEnds = new DefaultChannelGroup(threadPrefix + "-connections", GlobalEventExecutor.INSTANCE);
    }

    /** Starts serving {@code backend}; {@link #shutdownNow()} closes it. */
    static InProcessWire serve(MongoBackend backend) {
        return serve(backend, "embedded-mongo");
    }

    /** Starts serving {@code backend}, named {@code threadPrefix} to its clients' command listeners. */
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
        InProcessConnection connection = new InProcessConnection(this, serverPipeline(), open::remove);
        open.add(connection);
        return connection;
    }

    /** No new connections; open ones go on. */
    void stopAccepting() {
        accepting = false;
    }

    /**
     * Serves one request of a connection on the calling thread, its interrupt flag put aside meanwhile.
     *
     * @throws SocketException once the server has stopped, as a socket whose server went away
     */
    void run(Runnable request) throws SocketException {
        if (!serving.readLock().tryLock()) {
            throw new SocketException("The embedded MongoDB server has stopped");
        }
        boolean interrupted = Thread.interrupted();
        try {
            if (stopped) {
                throw new SocketException("The embedded MongoDB server has stopped");
            }
            request.run();
        } finally {
            serving.readLock().unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Closes every connection, lets the requests being served finish (for up to five seconds; their threads are
     * never interrupted), serves no more, then closes the backend.
     */
    void shutdownNow() {
        stopAccepting();
        open.forEach(InProcessConnection::close);
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SHUTDOWN_TIMEOUT_SECONDS);
        while (true) {
            try {
                // not released: no request is served after this
                serving.writeLock().tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        stopped = true;
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
