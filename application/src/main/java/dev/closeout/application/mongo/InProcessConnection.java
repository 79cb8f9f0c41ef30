package dev.closeout.application.mongo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One client connection over {@link InProcessWire}, as the blocking byte streams the MongoDB driver
 * reads and writes: what the driver writes goes to the server as it comes, and the server's replies
 * wait in a queue until the driver reads them.
 *
 * <p>Reads behave as a socket's: they wait up to the read timeout and then throw
 * {@link SocketTimeoutException}, and an interrupt does not end them (a socket read ignores it
 * too), so the driver sees the same failures as over TCP.
 */
final class InProcessConnection {

    /** Queued when the connection ends; never a reply, since a reply is at least a header long. */
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
    private final Channel channel;
    private final InputStream input = new Replies();
    private final OutputStream output = new Requests();
    private volatile int readTimeoutMillis;
    private volatile boolean closed;

    private InProcessConnection(InProcessWire wire, int connectTimeoutMillis) throws IOException {
        this.channel = wire.connect(new ReplyCollector(), connectTimeoutMillis);
    }

    static InProcessConnection open(InProcessWire wire, int connectTimeoutMillis) throws IOException {
        return new InProcessConnection(wire, connectTimeoutMillis);
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

    int readTimeoutMillis() {
        return readTimeoutMillis;
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        closed = true;
        channel.close();
        // wakes a reader waiting for a reply
        replies.add(END);
    }

    /** Copies the server's replies off Netty's buffers, so none is left unreleased. */
    private final class ReplyCollector extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            try {
                if (message instanceof ByteBuf bytes && bytes.isReadable()) {
                    replies.add(ByteBufUtil.getBytes(bytes));
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            replies.add(END);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }

    private final class Requests extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (closed || !channel.isActive()) {
                throw new SocketException("The connection to the embedded MongoDB server is closed");
            }
            // a copy: the driver reuses its buffer once this returns
            channel.writeAndFlush(Unpooled.copiedBuffer(bytes, offset, length), channel.voidPromise());
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
        public int available() {
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
