package dev.closeout.application.infrastructure.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The event store as a tracking processor reads it, its streams told apart only in how a batch's first event is
 * asked for ({@link PacedEventSource}, {@link ReplayConvoy}); tokens are the store's own.
 */
abstract class DecoratedEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final StreamableMessageSource<TrackedEventMessage<?>> delegate;

    DecoratedEventSource(StreamableMessageSource<TrackedEventMessage<?>> delegate) {
        this.delegate = delegate;
    }

    /** The stream a processor reads, given the store's. */
    abstract BlockingStream<TrackedEventMessage<?>> decorate(BlockingStream<TrackedEventMessage<?>> stream);

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return decorate(delegate.openStream(trackingToken));
    }

    @Override
    public TrackingToken createTailToken() {
        return delegate.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return delegate.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return delegate.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return delegate.createTokenSince(duration);
    }

    /**
     * The store's stream, but for the question a tracking processor asks with a timeout for the first event of each
     * batch; the rest of a batch is asked for without one.
     */
    abstract static class DecoratedStream implements BlockingStream<TrackedEventMessage<?>> {

        final BlockingStream<TrackedEventMessage<?>> delegate;

        DecoratedStream(BlockingStream<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        /**
         * Whether a batch starts now, its first event there ({@link #peek()}); asked within the processor's timeout,
         * which is {@code timeoutNanos} long.
         */
        abstract boolean batchStarts(long timeoutNanos) throws InterruptedException;

        @Override
        public final boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (timeout <= 0) {
                return delegate.hasNextAvailable(timeout, unit);
            }
            return delegate.hasNextAvailable(timeout, unit) && batchStarts(unit.toNanos(timeout));
        }

        @Override
        public boolean hasNextAvailable() {
            return delegate.hasNextAvailable();
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return delegate.setOnAvailableCallback(callback);
        }
    }
}
