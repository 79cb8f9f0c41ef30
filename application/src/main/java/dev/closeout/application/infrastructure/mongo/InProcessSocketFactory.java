package dev.closeout.application.infrastructure.mongo;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.security.Provider;
import java.security.SecureRandom;

/**
 * Hands the MongoDB driver {@link InProcessSocket}s. The synchronous driver (5.x) has no public
 * hook for a transport of one's own; the one place it takes sockets from outside is the socket
 * factory of the {@link SSLContext} in its TLS settings, asking for an unconnected socket and
 * connecting it itself. So {@link #sslContext(InProcessWire)} wraps this factory in an
 * {@code SSLContext} that can do nothing else.
 */
final class InProcessSocketFactory extends SSLSocketFactory {

    private static final String[] NONE = new String[0];

    private final InProcessWire wire;

    private InProcessSocketFactory(InProcessWire wire) {
        this.wire = wire;
    }

    /** For {@code SslSettings.Builder.context}: its socket factory connects to {@code wire}. */
    static SSLContext sslContext(InProcessWire wire) {
        Provider provider = new Provider("closeout-in-process", "1", "Sockets to the embedded MongoDB server") {
        };
        return new SSLContext(new Spi(new InProcessSocketFactory(wire)), provider, "in-process") {
        };
    }

    @Override
    public Socket createSocket() {
        return new InProcessSocket(wire);
    }

    @Override
    public Socket createSocket(Socket layered, String host, int port, boolean autoClose) throws SocketException {
        throw unsupported();
    }

    @Override
    public Socket createSocket(String host, int port) throws SocketException {
        throw unsupported();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws SocketException {
        throw unsupported();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws SocketException {
        throw unsupported();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws SocketException {
        throw unsupported();
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return NONE;
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return NONE;
    }

    private static SocketException unsupported() {
        return new SocketException("In-process sockets are created unconnected; there is no host to reach");
    }

    private static final class Spi extends SSLContextSpi {

        private final SSLSocketFactory sockets;

        Spi(SSLSocketFactory sockets) {
            this.sockets = sockets;
        }

        @Override
        protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random) {
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return sockets;
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw new UnsupportedOperationException("The embedded server does not listen on sockets");
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw new UnsupportedOperationException("Only the synchronous driver's sockets are in-process");
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw new UnsupportedOperationException("Only the synchronous driver's sockets are in-process");
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw new UnsupportedOperationException("An in-process connection has no TLS session");
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw new UnsupportedOperationException("An in-process connection has no TLS session");
        }
    }
}
