package dev.closeout.application.infrastructure.eventstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.json.JacksonSerializer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures, on the embedded server (memory backend, over a localhost socket as in production):
 * append throughput, aggregate load time and tracking fetch time with few and with many events
 * stored. Not a test: run its main method, e.g. with {@code -Xmx3g}. Arguments: store sizes
 * (default 1000 200000).
 */
public final class MongoEventStorageEngineBenchmark {

    private static final int EVENTS_PER_AGGREGATE = 20;
    private static final int WRITER_THREADS = 8;
    private static final int SAMPLES = 500;
    private static final String FILLER = "x".repeat(400);

    private MongoEventStorageEngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long[] sizes = args.length == 0 ? new long[]{1_000, 200_000} : Arrays.stream(args).mapToLong(Long::parseLong).toArray();
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            // An untimed round first, so that JIT compilation and connection set-up do not count.
            run(client, "warmup", 2_000, false);
            for (long size : sizes) {
                run(client, "bench_" + size, (int) size, true);
            }
        } finally {
            server.shutdownNow();
        }
    }

    private static void run(MongoClient client, String databaseName, int eventCount, boolean report)
            throws Exception {
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                                                                .eventSerializer(serializer)
                                                                .snapshotSerializer(serializer)
                                                                .database(client.getDatabase(databaseName))
                                                                .build();
        int aggregates = eventCount / EVENTS_PER_AGGREGATE;

        long start = System.nanoTime();
        append(engine, aggregates);
        double appendSeconds = (System.nanoTime() - start) / 1e9;

        double[] load = measure(
                () -> engine.readEvents(aggregateId(ThreadLocalRandom.current().nextInt(aggregates))).asStream().count(),
                SAMPLES);
        double[] fetch = measure(
                () -> engine.fetchTrackedEvents(
                        GapAwareTrackingToken.newInstance(ThreadLocalRandom.current().nextLong(eventCount - 100), List.of()),
                        100).size(),
                SAMPLES);
        double[] lastSequence = measure(
                () -> engine.lastSequenceNumberFor(aggregateId(ThreadLocalRandom.current().nextInt(aggregates))).orElseThrow(),
                SAMPLES);

        start = System.nanoTime();
        long replayed = engine.readEvents(null, false).count();
        double replaySeconds = (System.nanoTime() - start) / 1e9;
        if (!report) {
            return;
        }

        System.out.printf("%n== %,d events stored (%,d aggregates x %d events, ~%d-byte payloads, Jackson) ==%n",
                          eventCount, aggregates, EVENTS_PER_AGGREGATE, FILLER.length());
        System.out.printf("append (1 event per append, %d threads): %,.0f events/s%n",
                          WRITER_THREADS, eventCount / appendSeconds);
        System.out.printf("aggregate load (%d events): p50 %.2f ms, p99 %.2f ms%n", EVENTS_PER_AGGREGATE, load[0], load[1]);
        System.out.printf("tracking fetch (batch 100, random position): p50 %.2f ms, p99 %.2f ms%n", fetch[0], fetch[1]);
        System.out.printf("lastSequenceNumberFor: p50 %.2f ms, p99 %.2f ms%n", lastSequence[0], lastSequence[1]);
        System.out.printf("full replay from the tail: %,d events in %.1f s (%,.0f events/s)%n",
                          replayed, replaySeconds, replayed / replaySeconds);
    }

    /** Writers take aggregates round-robin, so each aggregate has a single writer and never conflicts. */
    private static void append(MongoEventStorageEngine engine, int aggregates) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITER_THREADS);
        AtomicLong nextAggregate = new AtomicLong();
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITER_THREADS; w++) {
            writers.add(pool.submit(() -> {
                for (long a = nextAggregate.getAndIncrement(); a < aggregates; a = nextAggregate.getAndIncrement()) {
                    String aggregateId = aggregateId(a);
                    for (int sequence = 0; sequence < EVENTS_PER_AGGREGATE; sequence++) {
                        engine.appendEvents(new GenericDomainEventMessage<>(
                                "Task", aggregateId, sequence, Map.of("sequence", sequence, "note", FILLER)));
                    }
                }
            }));
        }
        for (Future<?> writer : writers) {
            writer.get();
        }
        pool.shutdown();
    }

    private static String aggregateId(long number) {
        return "task-" + number;
    }

    /** Median and 99th percentile in milliseconds. */
    private static double[] measure(Runnable operation, int samples) {
        double[] millis = new double[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            operation.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return new double[]{millis[samples / 2], millis[(int) (samples * 0.99)]};
    }
}
