package dev.closeout.projections.ledger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskEvent.TaskClaimed;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.support.EmbeddedMongo;
import dev.closeout.projections.support.OfficeZone;
import dev.closeout.projections.support.LineBuckets;
import org.bson.Document;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Time per ledger event with one department of 50,000 tasks, on the embedded memory server:
 * all lines in one document (the layout before buckets) against buckets of the default
 * capacity, and the time to read the whole ledger's summary. The lines are loaded directly;
 * each timed event is a claim of a random task.
 * Run: {@code ./mvnw -o -q test-compile -pl projections -am}, then this main with the test classpath;
 * arguments, if any, are the capacities to compare.
 */
public final class LedgerBucketBenchmark {

    private static final int TASKS = 50_000;
    private static final int EVENTS = 500;
    private static final String LEDGER = "督查台账";

    public static void main(String[] args) {
        int[] capacities = args.length == 0 ? new int[] {TASKS, LineBuckets.DEFAULT_CAPACITY}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (int capacity : capacities) {
            try (EmbeddedMongo mongo = new EmbeddedMongo()) {
                MongoDatabase database = mongo.database("bench");
                OfficeZone zone = new OfficeZone(ZoneId.of("Asia/Shanghai"));
                LedgerProjection projection = new LedgerProjection(database, zone, capacity);
                load(database, capacity);
                Random random = new Random(7);
                long[] micros = new long[EVENTS];
                for (int i = 0; i < EVENTS; i++) {
                    TaskId task = new TaskId("t-" + random.nextInt(TASKS));
                    long start = System.nanoTime();
                    projection.on(new TaskClaimed(task, Actor.supervisor("s")), i + 1);
                    micros[i] = (System.nanoTime() - start) / 1_000;
                }
                Arrays.sort(micros);
                LedgerQueries queries = new LedgerQueries(database, zone, Clock.systemUTC(),
                        DeadlinePolicy.standard(zone.zone()));
                queries.summary(LEDGER);
                long start = System.nanoTime();
                long registered = queries.summary(LEDGER).orElseThrow().registered();
                System.out.printf("%,d lines, %,d per bucket: per event p50 %.2f ms, p90 %.2f ms; "
                                + "summary of all %,d lines %.0f ms%n", TASKS, capacity, micros[EVENTS / 2] / 1000.0,
                        micros[EVENTS * 9 / 10] / 1000.0, registered, (System.nanoTime() - start) / 1e6);
            }
        }
    }

    private static void load(MongoDatabase database, int capacity) {
        String department = LedgerProjection.departmentKey(LEDGER, "DEPT-A");
        Document line = new LedgerLine(0, TaskStatus.REGISTERED, LocalDate.of(2025, 6, 10), null,
                LocalDate.of(2025, 5, 20), null, null, false, false).toDocument();
        List<Document> buckets = new ArrayList<>();
        List<Document> index = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            String bucket = department + "\u001f" + i / capacity;
            if (i % capacity == 0) {
                buckets.add(new Document("_id", bucket).append("ledger", LEDGER).append("department", "DEPT-A")
                        .append(LineBuckets.LINES, new Document()));
            }
            buckets.get(buckets.size() - 1).get(LineBuckets.LINES, Document.class).append("t-" + i, line);
            index.add(new Document("_id", "t-" + i).append(LineBuckets.BUCKET, bucket).append("ledger", LEDGER));
        }
        database.getCollection(LedgerProjection.COLLECTION).insertMany(buckets);
        database.getCollection(LedgerProjection.LEDGERS).insertOne(new Document("_id", LEDGER).append("buckets",
                buckets.stream().map(b -> b.getString("_id")).toList()));
        MongoCollection<Document> tasks = database.getCollection(LedgerProjection.TASK_INDEX);
        tasks.insertMany(index);
    }
}
