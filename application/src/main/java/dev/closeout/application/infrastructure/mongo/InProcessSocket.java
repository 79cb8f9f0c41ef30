package dev.closeout.application.infrastructure.mongo;

import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;

/**
 * The socket the MongoDB driver asks {@link InProcessSocketFactory} for: an
 * {@link InProcessConnection} in a socket's shape. It opens no file descriptor: every method the
 * driver calls is answered here, and TCP options mean nothing without a network. It is an
 * {@link SSLSocket} only because the driver takes custom sockets through its TLS settings; there
 * is no TLS, nothing leaves the JVM.
 */
final class InProcessSocket extends SSLSocket {

    private static final String[] NONE = new String[0];

    private final InProcessWire wire;
    private volatile InProcessConnection connection;
    private volatile int readTimeoutMillis;
    private volatile boolean closed;

    InProcessSocket(InProcessWire wire) {
        this.wire = wire;
    }

    @Override
    public void connect(SocketAddress ignored) throws IOException {
        connect(ignored, 0);
    }

    /**
     * The address is the driver's label for the server, and there is one server to reach; it
     * answers at once, so there is no timeout to wait for.
     */
    @Override
    public synchronized void connect(SocketAddress ignored, int timeoutMillis) throws IOException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        if (connection != null) {
            throw new SocketException("Already connected");
        }
        InProcessConnection opened = wire.connect();
        opened.readTimeoutMillis(readTimeoutMillis);
        connection = opened;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return connected().input();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return connected().output();
    }

    @Override
    public void setSoTimeout(int timeoutMillis) throws SocketException {
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeout can't be negative");
        }
        readTimeoutMillis = timeoutMillis;
        InProcessConnection current = connection;
        if (current != null) {
            current.readTimeoutMillis(timeoutMillis);
        }
    }

    @Override
    public int getSoTimeout() {
        return readTimeoutMillis;
    }

    @Override
    public boolean isConnected() {
        return connection != null;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            connection.close();
        }
    }

    @Override
    public void setTcpNoDelay(boolean on) {
    }

    @Override
    public void setKeepAlive(boolean on) {
    }

    @Override
    public void setReceiveBufferSize(int size) {
    }

    @Override
    public void setSendBufferSize(int size) {
    }

    @Override
    public <T> InProcessSocket setOption(SocketOption<T> name, T value) {
        return this;
    }

    @Override
    public String toString() {
        return "InProcessSocket[connected=" + isConnected() + ", closed=" + closed + "]";
    }

    private InProcessConnection connected() throws SocketException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        InProcessConnection current = connection;
        if (current == null) {
            throw new SocketException("Socket is not connected");
        }
        return current;
    }

    // TLS: nothing to negotiate in one JVM

    @Override
    public void startHandshake() {
    }

    @Override
    public SSLSession getSession() {
        throw new UnsupportedOperationException("An in-process connection has no TLS session");
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return NONE;
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return NONE;
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
    }

    @Override
    public String[] getSupportedProtocols() {
        return NONE;
    }

    @Override
    public String[] getEnabledProtocols() {
        return NONE;
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
    }

    @Override
    public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
    }

    @Override
    public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
    }

    @Override
    public void setUseClientMode(boolean clientMode) {
    }

    @Override
    public boolean getUseClientMode() {
        return true;
    }

    @Override
    public void setNeedClientAuth(boolean need) {
    }

    @Override
    public boolean getNeedClientAuth() {
        return false;
    }

    @Override
    public void setWantClientAuth(boolean want) {
    }

    @Override
    public boolean getWantClientAuth() {
        return false;
    }

    @Override
    public void setEnableSessionCreation(boolean enabled) {
    }

    @Override
    public boolean getEnableSessionCreation() {
        return false;
    }
}
