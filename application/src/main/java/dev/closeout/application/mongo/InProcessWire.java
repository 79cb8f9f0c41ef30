package dev.closeout.application.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.ServerAddress;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.MongoExceptionHandler;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.ConnectException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * mongo-java-server's wire protocol, served over Netty's in-JVM transport instead of a port: its
 * address lives in a registry inside this JVM, so only code running in the application can
 * connect. A TCP port, even on 127.0.0.1, has no authentication in mongo-java-server: any local
 * process could read and write every collection past the application's role checks.
 *
 * <p>The pipeline is the one {@link de.bwaldvogel.mongo.MongoServer} builds for a socket, whose
 * {@code bind} accepts only TCP. Commands still run on the server's own event loops, never on a
 * caller's thread: a thread interrupted while H2 reads its file would close the file channel and
 * with it the store.
 */
final class InProcessWire {

    /**
     * The driver's name for the server, never looked up on a network: ".invalid" is reserved for
     * names that resolve nowhere, and the driver's sockets here ignore the address they are given.
     */
    private static final ServerAddress ADDRESS = new ServerAddress("embedded-store.invalid", 0);
    private static final int SHUTDOWN_TIMEOUT_SECONDS = 5;

    private final MongoBackend backend;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final EventLoopGroup clients;
    private final ChannelGroup connections;
    private volatile Channel listening;

    private InProcessWire(MongoBackend backend) {
        this.backend = backend;
        this.acceptor = new DefaultEventLoopGroup(1, new DefaultThreadFactory("embedded-mongo-acceptor", true));
        // as many as mongo-java-server's socket workers (0: Netty's default, twice the cores)
        this.workers = new DefaultEventLoopGroup(0, new DefaultThreadFactory("embedded-mongo-worker", true));
        this.clients = new DefaultEventLoopGroup(0, new DefaultThreadFactory("embedded-mongo-client", true));
        this.connections = new DefaultChannelGroup("embedded-mongo-connections", workers.next());
    }

    /** Starts serving {@code backend}; {@link #shutdownNow()} closes it. */
    static InProcessWire serve(MongoBackend backend) {
        InProcessWire wire = new InProcessWire(backend);
        try {
            wire.listening = new ServerBootstrap()
                    .group(wire.acceptor, wire.workers)
                    .channel(LocalServerChannel.class)
                    .localAddress(LocalAddress.ANY)
                    .childHandler(wire.serverPipeline())
                    .bind().syncUninterruptibly().channel();
            return wire;
        } catch (RuntimeException e) {
            wire.shutdownNow();
            throw e;
        }
    }

    /** Settings for a MongoDB client of this server: the way in is through its TLS socket factory. */
    MongoClientSettings.Builder clientSettings() {
        return MongoClientSettings.builder()
                .applyToClusterSettings(cluster -> cluster.hosts(List.of(ADDRESS)))
                .applyToSslSettings(tls -> tls.enabled(true)
                        .invalidHostNameAllowed(true)
                        .context(InProcessSocketFactory.sslContext(this)))
                // the driver looks the name up before it asks for a socket
                .inetAddressResolver(host -> List.of(InetAddress.getLoopbackAddress()));
    }

    /**
     * A new connection to the server; {@code client} receives the server's replies as
     * {@link io.netty.buffer.ByteBuf}s and the end of the connection.
     */
    Channel connect(ChannelHandler client, int timeoutMillis) throws ConnectException {
        Channel server = listening;
        if (server == null) {
            throw new ConnectException("The embedded MongoDB server no longer accepts connections");
        }
        ChannelFuture connected = new Bootstrap()
                .group(clients)
                .channel(LocalChannel.class)
                .handler(client)
                .connect(server.localAddress());
        if (timeoutMillis > 0) {
            connected.awaitUninterruptibly(timeoutMillis, TimeUnit.MILLISECONDS);
        } else {
            connected.awaitUninterruptibly();
        }
        if (!connected.isSuccess()) {
            connected.channel().close();
            ConnectException refused = new ConnectException("Cannot connect to the embedded MongoDB server");
            if (connected.cause() != null) {
                refused.initCause(connected.cause());
            }
            throw refused;
        }
        return connected.channel();
    }

    /** No new connections; open ones go on. */
    void stopListening() {
        Channel server = listening;
        listening = null;
        if (server != null) {
            server.close().syncUninterruptibly();
        }
    }

    /**
     * Closes every connection, stops the event loops, then closes the backend. The clients' loops
     * stop first: closing one end of a local channel closes the other on that end's loop, so the
     * server's loops must outlive the clients' last close.
     */
    void shutdownNow() {
        stopListening();
        connections.close().syncUninterruptibly();
        stop(clients);
        stop(workers);
        stop(acceptor);
        backend.close();
    }

    private static void stop(EventLoopGroup group) {
        group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private ChannelInitializer<LocalChannel> serverPipeline() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(LocalChannel channel) {
                channel.pipeline().addLast(
                        new MongoWireReplyEncoder(),
                        new MongoWireMessageEncoder(),
                        new MongoWireProtocolHandler(),
                        new MongoDatabaseHandler(backend, connections),
                        new MongoExceptionHandler());
            }
        };
    }
}
