package dev.closeout.application.infrastructure.mongo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One client connection to {@link InProcessWire}, as the blocking byte streams the MongoDB driver
 * reads and writes. The server's end is its pipeline in an {@link EmbeddedChannel} (Netty's
 * channel for running handlers on bytes by hand): what the driver writes runs through it on the
 * driver's own thread ({@link InProcessWire#run}), one write at a time, and the replies the pipeline
 * writes wait in a queue until the driver reads them.
 *
 * <p>Reads behave as a socket's: they wait up to the read timeout and then throw
 * {@link SocketTimeoutException}, and an interrupt does not end them (a socket read ignores it
 * too), so the driver sees the same failures as over TCP.
 */
final class InProcessConnection {

    private static final Logger log = LoggerFactory.getLogger(InProcessConnection.class);

    /** Queued when the connection ends; never a reply, since a reply is at least a header long. */
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
    private final InProcessWire wire;
    /** Held while the server's end runs a request, or is finished. */
    private final Lock serving = new ReentrantLock();
    private final EmbeddedChannel server;
    private final Consumer<InProcessConnection> onClose;
    private final InputStream input = new Replies();
    private final OutputStream output = new Requests();
    private volatile int readTimeoutMillis;
    private volatile boolean closed;
    /** Whether the server's end was finished; under {@link #serving}. */
    private boolean finished;

    InProcessConnection(InProcessWire wire, ChannelHandler[] serverPipeline, Consumer<InProcessConnection> onClose) {
        this.wire = wire;
        // an id of its own: the default one is shared by every EmbeddedChannel
        this.server = new EmbeddedChannel(DefaultChannelId.newInstance(), serverPipeline);
        this.onClose = onClose;
    }

    InputStream input() {
        return input;
    }

    OutputStream output() {
        return output;
    }

    /** 0 waits for ever, as for a socket. */
    void readTimeoutMillis(int millis) {
        readTimeoutMillis = millis;
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        // wakes a reader waiting for a reply
        replies.add(END);
        onClose.accept(this);
        finishUnlessServing();
    }

    /**
     * Frees the server's end (its cursors) once closed: now, unless a request is being served, in which case its
     * thread does it when done.
     */
    private void finishUnlessServing() {
        if (!serving.tryLock()) {
            return;
        }
        try {
            if (!finished) {
                finished = true;
                wire.run(server::finishAndReleaseAll);
            }
        } catch (SocketException serverStopped) {
            // nothing left to free
        } finally {
            serving.unlock();
        }
    }

    /** Runs the pipeline on the request, then queues what it replied. */
    private void serve(ByteBuf request) {
        if (!server.isOpen()) {
            request.release();
            return;
        }
        try {
            server.writeInbound(request);
        } catch (Exception e) {
            // the pipeline handles protocol errors itself; anything else ends the connection, as a broken socket would
            log.warn("Closing an in-process connection to the embedded MongoDB server", e);
            server.close();
        }
        for (Object reply = server.readOutbound(); reply != null; reply = server.readOutbound()) {
            try {
                replies.add(ByteBufUtil.getBytes((ByteBuf) reply));
            } finally {
                ReferenceCountUtil.release(reply);
            }
        }
        if (!server.isOpen()) {
            replies.add(END);
        }
    }

    private final class Requests extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (closed) {
                throw new SocketException("Socket closed");
            }
            // a copy: the pipeline may keep part of a message until the rest of it comes
            ByteBuf request = Unpooled.copiedBuffer(bytes, offset, length);
            serving.lock();
            try {
                if (closed) {
                    request.release();
                    throw new SocketException("Socket closed");
                }
                try {
                    wire.run(() -> serve(request));
                } catch (SocketException serverStopped) {
                    request.release();
                    throw serverStopped;
                }
            } finally {
                serving.unlock();
            }
            if (closed) {
                finishUnlessServing();
            }
        }
    }

    private final class Replies extends InputStream {

        private byte[] chunk = new byte[0];
        private int position;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (position == chunk.length) {
                if (!ended) {
                    chunk = next();
                    position = 0;
                    ended = chunk == END;
                }
                if (ended) {
                    if (closed) {
                        throw new SocketException("Socket closed");
                    }
                    return -1;
                }
            }
            int count = Math.min(length, chunk.length - position);
            System.arraycopy(chunk, position, bytes, offset, count);
            position += count;
            return count;
        }

        @Override
        public synchronized int available() {
            return chunk.length - position;
        }

        private byte[] next() throws SocketTimeoutException {
            int timeoutMillis = readTimeoutMillis;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        byte[] next = timeoutMillis == 0
                                ? replies.take()
                                : replies.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                        if (next == null) {
                            throw new SocketTimeoutException("Read timed out");
                        }
                        return next;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
