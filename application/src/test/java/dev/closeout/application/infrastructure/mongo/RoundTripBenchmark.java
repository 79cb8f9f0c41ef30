package dev.closeout.application.infrastructure.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What one round trip through the driver to the embedded store costs (decision 0022): reads and updates by
 * {@code _id} of small line documents, from 1 and from 8 threads, printing the rate and the process's CPU a round
 * trip. Not a test: run its main method with the application's test class path; arguments: threads (1 8), seconds
 * a phase (8).
 */
public final class RoundTripBenchmark {

    private static final int LINES = 10_000;

    private RoundTripBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] threadCounts = args.length > 0 ? new int[]{Integer.parseInt(args[0])} : new int[]{1, 8};
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        for (int threads : threadCounts) {
            Path dataDir = Files.createTempDirectory("round-trips");
            try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
                 MongoClient client = MongoClients.create(server.clientSettings())) {
                MongoCollection<Document> lines = client.getDatabase("closeout").getCollection("lines");
                List<Document> documents = new ArrayList<>();
                for (int i = 0; i < LINES; i++) {
                    documents.add(new Document("_id", "line-" + i).append("line",
                            new Document("department", "DEPT-" + i % 42).append("status", "CLAIMED").append("seq", 0L)));
                }
                lines.insertMany(documents);
                // untimed first, both kinds, for the JIT
                run(lines, threads, 5, false, null);
                run(lines, threads, 5, true, null);
                run(lines, threads, seconds, false, "read by _id");
                run(lines, threads, seconds, true, "update by _id");
            }
        }
    }

    private static void run(MongoCollection<Document> lines, int threads, int seconds, boolean update, String name)
            throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        ExecutorService clients = Executors.newFixedThreadPool(threads);
        List<Future<Long>> counts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            counts.add(clients.submit(() -> {
                long count = 0;
                while (System.nanoTime() < end) {
                    Document id = new Document("_id", "line-" + ThreadLocalRandom.current().nextInt(LINES));
                    if (update) {
                        lines.updateOne(id, new Document("$set", new Document("line.seq", count)));
                    } else {
                        lines.find(id).first();
                    }
                    count++;
                }
                return count;
            }));
        }
        long total = 0;
        for (Future<Long> count : counts) {
            total += count.get();
        }
        clients.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuMicros = (os.getProcessCpuTime() - cpuBefore) / 1e3;
        if (name != null) {
            System.out.printf("%-14s %d thread(s): %,d round trips, %,.0f/s, %.1f µs of CPU a round trip%n",
                    name, threads, total, total / elapsed, cpuMicros / total);
        }
    }
}
