package dev.closeout.application.infrastructure.audit;

import org.axonframework.common.AxonThreadFactory;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records reads that must leave a trace (a complainant's unmasked data shown) as events of streams
 * of their own, without holding the read up on a slow store (decision 0010). A record is stamped
 * when it is made, queued, and appended by one writer thread, several at a time; the read waits for
 * it at most {@code wait}, then goes on while the writer keeps it.
 * <p>
 * None is dropped silently: a record that cannot be appended is retried until it is (backing off up
 * to a minute, logged at every failure); when {@code capacity} records wait already (the store has
 * been failing for a while), {@link #record} refuses, and the read must fail rather than go
 * unrecorded. At shutdown the writer has {@value #FLUSH_SECONDS} s to append what waits; any record
 * left is logged in full. Only a crash of the process can lose the records still waiting, at most
 * those of reads answered during the last append.
 */
public class RecordedReads implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RecordedReads.class);
    private static final int FLUSH_SECONDS = 10;
    private static final int BATCH = 100;

    private record Pending(GenericDomainEventMessage<?> event, CompletableFuture<Void> written) {
    }

    private final EventStore store;
    private final Duration wait;
    private final BlockingQueue<Pending> queue;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(new AxonThreadFactory("read-records"));
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean closing;

    public RecordedReads(EventStore store, Duration wait, int capacity) {
        this.store = store;
        this.wait = wait;
        this.queue = new LinkedBlockingQueue<>(capacity);
        writer.execute(this::write);
    }

    /**
     * Queues a record of {@code payload} as the first event of a new stream of {@code streamType} and
     * waits for it to be stored, at most the configured wait.
     *
     * @return false when the record was refused (too many wait already, or shutting down): the read must not be answered
     */
    public boolean record(String streamType, Object payload) {
        Pending pending = new Pending(new GenericDomainEventMessage<>(streamType, UUID.randomUUID().toString(), 0,
                payload), new CompletableFuture<>());
        waiting.incrementAndGet();
        if (closing || !queue.offer(pending)) {
            waiting.decrementAndGet();
            log.error("A read record was refused ({} waiting to be stored): {}", queue.size(), payload);
            return false;
        }
        try {
            pending.written().get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException stillWaiting) {
            // The writer keeps it and retries; the read need not wait for a slow store.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** How many records are queued or being appended: not yet in the event store. */
    public int waiting() {
        return waiting.get();
    }

    private void write() {
        List<Pending> batch = new ArrayList<>();
        long backoff = 100;
        while (!(closing && queue.isEmpty() && batch.isEmpty())) {
            try {
                if (batch.isEmpty()) {
                    Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
                store.publish(batch.stream().map(Pending::event).toList());
                batch.forEach(p -> p.written().complete(null));
                waiting.addAndGet(-batch.size());
                batch.clear();
                backoff = 100;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lost(batch);
                return;
            } catch (RuntimeException e) {
                log.error("{} read records could not be stored ({}); retrying in {} ms", batch.size(), e.getMessage(),
                        backoff, e);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    lost(batch);
                    return;
                }
                backoff = Math.min(backoff * 2, 60_000);
            }
        }
    }

    /** Stops taking records and gives the writer time to store those waiting; any left are logged in full. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        writer.shutdown();
        if (!writer.awaitTermination(FLUSH_SECONDS, TimeUnit.SECONDS)) {
            writer.shutdownNow();
            writer.awaitTermination(1, TimeUnit.SECONDS);
        }
        lost(List.copyOf(queue));
    }

    private static void lost(List<Pending> records) {
        for (Pending left : records) {
            log.error("A read record could not be stored before shutdown: {} at {}", left.event().getPayload(),
                    left.event().getTimestamp());
        }
    }
}
