package dev.closeout.application.infrastructure.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measurement, not a test: sustained event-like inserts, each followed by
 * {@link Durability#awaitDurable()}, plus a token document rewritten after every insert (as a
 * tracking processor would), printing the H2 file size over time.
 *
 * <p>Two workloads: {@code inserts} appends events (the file must grow in proportion to the
 * events, not faster); {@code updates} rewrites a fixed set of documents (the file must level
 * off). Arguments: workload (default inserts), seconds (default 30), writer threads (default 1),
 * data directory (default: a new temporary one). Run with the test classpath.
 */
public final class EmbeddedMongoFileGrowth {

    private static final int PAYLOAD_CHARS = 500;

    public static void main(String[] args) throws Exception {
        Workload workload = args.length > 0 ? Workload.valueOf(args[0].toUpperCase()) : Workload.INSERTS;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path dataDir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("closeout-growth");
        Result result = run(dataDir, workload, seconds, Long.MAX_VALUE, threads, true);
        System.out.printf("%s, %d threads, %d s: %d writes (%.0f/s), awaited write p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                        + " largest file %.1f MB, after close %.1f MB (%s)%n",
                workload, threads, seconds, result.writes(), result.writes() / (double) seconds,
                result.p50Millis(), result.p99Millis(), result.maxMillis(),
                result.maxFileSize() / 1e6, result.closedFileSize() / 1e6, dataDir);
    }

    enum Workload {
        /** Event-like documents appended, plus a tracking token rewritten after each. */
        INSERTS,
        /** A fixed set of 1,000 read-model documents, each write replacing one of them. */
        UPDATES
    }

    /**
     * One line per two seconds of load and one at its end, the write count, latencies and file sizes; the largest
     * size is of samples taken ten times a second.
     */
    record Result(List<String> samples, long writes, double p50Millis, double p99Millis, double maxMillis,
                  long maxFileSize, long closedFileSize) {
    }

    /** Writes for {@code seconds}, or until {@code writes} writes are made if that comes first. */
    static Result run(Path dataDir, Workload workload, int seconds, long writes, int threads, boolean print)
            throws Exception {
        List<String> samples = new ArrayList<>();
        List<long[]> latencies = new ArrayList<>();
        AtomicLong written = new AtomicLong();
        AtomicLong globalIndex = new AtomicLong();
        long maxSize = 0;
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            Durability durability = server.durability();
            MongoCollection<Document> events = client.getDatabase("closeout").getCollection("events");
            MongoCollection<Document> tokens = client.getDatabase("closeout").getCollection("tokens");
            MongoCollection<Document> tasks = client.getDatabase("closeout").getCollection("tasks");
            events.createIndex(Indexes.ascending("aggregateIdentifier", "sequenceNumber"), new IndexOptions().unique(true));
            events.createIndex(Indexes.ascending("globalIndex"), new IndexOptions().unique(true));
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int writer = t;
                long[] nanos = new long[1_000_000];
                latencies.add(nanos);
                Thread thread = new Thread(() -> {
                    // pages are compressed: a repeated payload would leave the file growing by next to nothing
                    Random random = new Random(writer);
                    int n = 0;
                    while (System.nanoTime() < end && n < nanos.length) {
                        long index = globalIndex.getAndIncrement();
                        if (index >= writes) {
                            break;
                        }
                        long start = System.nanoTime();
                        if (workload == Workload.INSERTS) {
                            events.insertOne(new Document("_id", "e" + index)
                                    .append("aggregateIdentifier", "agg-" + writer + "-" + (n / 20))
                                    .append("sequenceNumber", n % 20)
                                    .append("globalIndex", index)
                                    .append("type", "TaskClosed")
                                    .append("payload", Payloads.incompressible(random, PAYLOAD_CHARS)));
                            tokens.replaceOne(new Document("_id", "processor-" + writer),
                                    new Document("_id", "processor-" + writer).append("index", index),
                                    new ReplaceOptions().upsert(true));
                        } else {
                            String id = "task-" + (index % 1_000);
                            tasks.replaceOne(new Document("_id", id),
                                    new Document("_id", id).append("version", index)
                                            .append("payload", Payloads.incompressible(random, PAYLOAD_CHARS)),
                                    new ReplaceOptions().upsert(true));
                        }
                        durability.awaitDurable();
                        nanos[n++] = System.nanoTime() - start;
                        written.incrementAndGet();
                    }
                }, "writer-" + t);
                thread.start();
                writers.add(thread);
            }
            long started = System.nanoTime();
            long nextLine = started + 2_000_000_000L;
            while (writers.stream().anyMatch(Thread::isAlive)) {
                // the file shrinks back between peaks: sampled often, so that the largest is not missed
                Thread.sleep(100);
                long size = Files.size(server.file());
                maxSize = Math.max(maxSize, size);
                if (System.nanoTime() >= nextLine) {
                    nextLine += 2_000_000_000L;
                    String line = String.format("t=%3ds writes=%8d file=%7.1f MB",
                            (System.nanoTime() - started) / 1_000_000_000L, written.get(), size / 1e6);
                    samples.add(line);
                    if (print) {
                        System.out.println(line);
                    }
                }
            }
            for (Thread thread : writers) {
                thread.join();
            }
            samples.add(String.format("t=%3ds writes=%8d file=%7.1f MB at the end",
                    (System.nanoTime() - started) / 1_000_000_000L, written.get(), Files.size(server.file()) / 1e6));
        }
        long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l).filter(v -> v > 0)).sorted().toArray();
        return new Result(samples, written.get(), percentileMillis(all, 0.50), percentileMillis(all, 0.99),
                percentileMillis(all, 1.0), maxSize, Files.size(dataDir.resolve(EmbeddedMongoServer.FILE_NAME)));
    }

    private static double percentileMillis(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
