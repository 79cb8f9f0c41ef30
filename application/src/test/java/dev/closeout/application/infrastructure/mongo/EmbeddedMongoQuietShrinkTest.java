package dev.closeout.application.infrastructure.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store that no command writes to gives back the space its file no longer uses, then writes nothing: H2's
 * compaction, told by the fill rate of all chunks (the dead ones not yet dropped with them), rewrote the live
 * pages of a quiet store every second or so, forever, and its file kept the space of every dead chunk. The
 * documents carry random text, which does not compress, so the file's size here is compaction's doing; what
 * compression gives documents like the application's is the last test's.
 */
class EmbeddedMongoQuietShrinkTest {

    private static final int LINES = 3_000;
    private static final int VIEWS = 12_000;
    private static final int TRAIL_LINES = 24_000;
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    private static final long WAIT_SECONDS = 60;
    /**
     * The committer comes round four times as often as in the application, and a command's request keeps the store
     * busy a quarter as long: what is asserted is counted in rounds, and at the application's pace the waits for them
     * were most of the suite's slowest class. The store written in large commits keeps the application's pace, whose
     * commits make those chunks.
     */
    private static final EmbeddedMongoServer.Pace QUICK = new EmbeddedMongoServer.Pace(
            EmbeddedMongoServer.BUSY_WINDOW.dividedBy(4), EmbeddedMongoServer.IDLE_COMMIT_INTERVAL.dividedBy(4));
    /** How many of the committer's rounds the file must see no write in for the store to count as settled. */
    private static final int SETTLED_ROUNDS = 3;
    /**
     * Rounds of the committer's compaction a store with people at work is watched for: twice what the same store took
     * to start shrinking with nobody at work.
     */
    private static final int ROUNDS_AT_WORK = 4;

    @TempDir
    Path dataDir;

    @Test
    void aQuietStoreSettlesWithItsFileNearItsDocumentsAndThenWritesNothing() throws Exception {
        try (EmbeddedMongoServer server = start(UserActivity.none());
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> lines = client.getDatabase("closeout").getCollection("lines");
            List<Document> documents = new ArrayList<>();
            Random random = new Random(7);
            for (int i = 0; i < LINES; i++) {
                documents.add(new Document("_id", "line-" + i).append("n", 0).append("note", Payloads.incompressible(random, 1_000)));
            }
            lines.insertMany(documents);
            for (int round = 0; round < 15_000; round++) {
                lines.updateOne(Filters.eq("_id", "line-" + random.nextInt(LINES)), Updates.inc("n", 1));
                if (round % 50 == 0) {
                    server.durability().awaitDurable();
                }
            }
            server.durability().awaitDurable();
            long live = liveBytes(client, "lines");
            long settled = awaitSettledBelow(server, 5 * live / 2, QUICK);
            // a shrunk file is at least 90 % chunks at least 80 % alive; one that did not need shrinking is at least
            // 70 % chunks at least 65 % alive: at most about 2.2 times its live pages either way
            assertThat(Files.size(server.file())).as("settled after %d ms; %d bytes of documents", settled, live)
                    .isLessThan(5 * live / 2);

            lines.updateOne(Filters.eq("_id", "line-7"), Updates.set("n", -1));
            server.durability().awaitDurable();
            assertThat(lines.countDocuments()).isEqualTo(LINES);
        }
        try (EmbeddedMongoServer server = start(UserActivity.none());
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> lines = client.getDatabase("closeout").getCollection("lines");
            assertThat(lines.countDocuments()).isEqualTo(LINES);
            assertThat(lines.find(Filters.eq("_id", "line-7")).first()).containsEntry("n", -1);
        }
    }

    /**
     * A rebuild writes without awaiting its commits, so the committer commits once a second and each chunk holds a
     * second of writes, tens of megabytes. H2's compaction passes over a chunk whose live pages alone exceed its
     * write limit and moves no chunk larger than its move limit, so such chunks, half dead, stayed for good: at
     * 10,000 tasks 90 % of the file was in chunks 28 % alive.
     */
    @Test
    void aStoreWrittenInLargeUnawaitedCommitsSettlesNearItsDocuments() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir, UserActivity.none(),
                EmbeddedMongoServer.Pace.DEFAULT);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> views = writeLargeUnawaitedCommits(server, client, 2 * VIEWS / 3);
            long live = liveBytes(client, "views");
            long settled = awaitSettledBelow(server, 5 * live / 2, EmbeddedMongoServer.Pace.DEFAULT);
            assertThat(Files.size(server.file())).as("settled after %d ms; %d bytes of documents", settled, live)
                    .isLessThan(5 * live / 2);
            assertThat(views.countDocuments()).isEqualTo(VIEWS);
        }
    }

    /**
     * The application's processors renew their claims on their tokens every few seconds, so a store nobody sends
     * a command to still commits a few kilobytes now and then; it is quiet all the same, and shrinks its file.
     */
    @Test
    void aStoreWhoseOnlyWritesAreSmallAndUnawaitedShrinksItsFile() throws Exception {
        try (EmbeddedMongoServer server = start(UserActivity.none());
             MongoClient client = MongoClients.create(server.clientSettings())) {
            long live;
            // compaction held off while writing: on a slow machine it kept up with the writes, and the file had
            // nothing to give back before the test began
            try (AutoCloseable held = server.holdCompaction()) {
                writeLargeUnawaitedCommits(server, client, 3 * VIEWS);
                live = liveBytes(client, "views");
                assertThat(Files.size(server.file())).as("written: %d bytes of documents", live).isGreaterThan(2 * live);
            }
            MongoCollection<Document> tokens = client.getDatabase("closeout").getCollection("tokens");
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            int claims = 0;
            // shrunk, a file is at least 90 % chunks at least 80 % alive
            while (Files.size(server.file()) >= 3 * live / 2) {
                assertThat(System.nanoTime() - deadline).as("the file still %d bytes after %d s; %d bytes of documents",
                        Files.size(server.file()), WAIT_SECONDS, live).isNegative();
                tokens.updateOne(Filters.eq("_id", "claim-" + claims % 12), Updates.set("owner", "node-" + claims), UPSERT);
                claims++;
                Thread.sleep(100);
            }
        }
    }

    /**
     * The shrink is a core's work for seconds, and reads that ran meanwhile were several times slower than their
     * median: while people are at work (a request being answered, or one within two seconds), the store keeps its
     * file, and it gives the space back once they stop. Time, for the people, is the test's own; the store's
     * committer runs as it does.
     */
    @Test
    void aStoreKeepsItsFileWhilePeopleAreAtWorkAndShrinksItWhenTheyStop() throws Exception {
        AtomicLong nanoTime = new AtomicLong();
        UserActivity users = new UserActivity(nanoTime::get, UserActivity.QUIET_AFTER);
        users.started();
        try (EmbeddedMongoServer server = start(users);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            long live;
            try (AutoCloseable held = server.holdCompaction()) {
                writeLargeUnawaitedCommits(server, client, 2 * VIEWS);
                live = liveBytes(client, "views");
            }
            long written = Files.size(server.file());
            assertThat(written).as("written: %d bytes of documents", live).isGreaterThan(2 * live);

            // the same store with nobody at work started to shrink at the committer's second round and was a third of
            // its size after the fourth
            awaitCompactionRuns(server, ROUNDS_AT_WORK);
            assertThat(Files.size(server.file())).as("after %d rounds of compaction with a request running",
                    ROUNDS_AT_WORK).isGreaterThanOrEqualTo(written);

            users.ended();
            awaitCompactionRuns(server, ROUNDS_AT_WORK - 1);
            assertThat(Files.size(server.file())).as("after %d more rounds, within two seconds of the request's end",
                    ROUNDS_AT_WORK - 1).isGreaterThanOrEqualTo(written);

            nanoTime.addAndGet(UserActivity.QUIET_AFTER.toNanos());
            long settled = awaitSettledBelow(server, 3 * live / 2, QUICK);
            assertThat(Files.size(server.file())).as("settled after %d ms; %d bytes of documents", settled, live)
                    .isLessThan(3 * live / 2);
        }
    }

    /**
     * Documents like the application's repeat their field names and much of their text (departments, event types,
     * the words of a trail line): with its pages compressed, a county's file is about a third of what it was and
     * half its documents' BSON (docs/measurements.md).
     */
    @Test
    void aQuietStoreOfDocumentsLikeTheApplicationsTakesLessFileThanTheirBson() throws Exception {
        String[] types = {"TaskRegistered", "TaskClaimed", "ProgressReported", "ClosureRequested", "TaskClosed",
                "ExtensionRequested", "ExtensionApproved", "TaskReturned", "TaskEscalated", "TaskReopened"};
        String[] words = {"督办", "整改", "巡查", "进展", "台账", "销号", "挂账", "逾期", "退回", "延期"};
        Random random = new Random(3);
        List<Document> written = new ArrayList<>();
        try (EmbeddedMongoServer server = start(UserActivity.none());
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> trail = client.getDatabase("closeout").getCollection("trail");
            for (int position = 0; position < TRAIL_LINES; position++) {
                String department = "DEPT-" + (1 + random.nextInt(42));
                StringBuilder text = new StringBuilder(department).append(' ');
                for (int word = 0; word < 12; word++) {
                    text.append(words[random.nextInt(words.length)]);
                }
                written.add(new Document("_id", (long) position)
                        .append("globalIndex", (long) position + random.nextInt(3))
                        .append("at", new Date(1_780_000_000_000L + 1_000L * position))
                        .append("day", "2026-06-" + (10 + random.nextInt(20)))
                        .append("itemType", "task")
                        .append("itemId", UUID.randomUUID().toString())
                        .append("type", types[random.nextInt(types.length)])
                        .append("actor", "user-" + random.nextInt(200))
                        .append("department", department)
                        .append("text", text.append(' ').append(random.nextInt(1_000_000)).toString()));
                if (written.size() % 1_000 == 0) {
                    trail.insertMany(written.subList(written.size() - 1_000, written.size()));
                }
            }
            server.durability().awaitDurable();
            long live = liveBytes(client, "trail");
            long settled = awaitSettledBelow(server, 3 * live / 4, QUICK);
            // written uncompressed, a settled file is at least its live pages: more than the documents' BSON
            assertThat(Files.size(server.file())).as("settled after %d ms; %d bytes of documents", settled, live)
                    .isLessThan(3 * live / 4);
        }
        try (EmbeddedMongoServer server = start(UserActivity.none());
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> trail = client.getDatabase("closeout").getCollection("trail");
            assertThat(trail.countDocuments()).isEqualTo(written.size());
            for (int position = 0; position < written.size(); position += 997) {
                assertThat(trail.find(Filters.eq("_id", (long) position)).first()).isEqualTo(written.get(position));
            }
        }
    }

    private EmbeddedMongoServer start(UserActivity users) {
        return EmbeddedMongoServer.start(dataDir, users, QUICK);
    }

    private static void awaitCompactionRuns(EmbeddedMongoServer server, int rounds) throws InterruptedException {
        long until = server.compactionRuns() + rounds;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (server.compactionRuns() < until) {
            assertThat(System.nanoTime() - deadline).as("%d rounds of compaction within %d s", rounds, WAIT_SECONDS)
                    .isNegative();
            Thread.sleep(20);
        }
    }

    /** Views inserted, then {@code updates} times one of them replaced, none of it awaited: committed once a second. */
    private static MongoCollection<Document> writeLargeUnawaitedCommits(EmbeddedMongoServer server, MongoClient client,
                                                                        int updates) {
        MongoCollection<Document> views = client.getDatabase("closeout").getCollection("views");
        Random random = new Random(11);
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < VIEWS; i++) {
            batch.add(new Document("_id", "view-" + i).append("n", 0).append("note", Payloads.incompressible(random, 2_250)));
            if (batch.size() == 1_000) {
                views.insertMany(batch);
                batch.clear();
            }
        }
        // replaced, as a rebuild's later events do: their first pages die
        for (int i = 0; i < updates; i++) {
            views.updateOne(Filters.eq("_id", "view-" + random.nextInt(VIEWS)), Updates.set("n", i));
        }
        server.durability().awaitDurable();
        return views;
    }

    private static long liveBytes(MongoClient client, String collection) {
        long live = 0;
        for (RawBsonDocument document : client.getDatabase("closeout").getCollection(collection, RawBsonDocument.class).find()) {
            live += document.getByteBuffer().remaining();
        }
        return live;
    }

    /**
     * Waits until the file is smaller than {@code bound} and has seen no write for {@link #SETTLED_ROUNDS} of the
     * committer's rounds at {@code pace}, both at once: a committer kept off the processor for that long while it
     * shrinks the file writes nothing meanwhile, but has not settled, and its file may still be above the bound (or
     * grow past it for a moment while pages are rewritten). A store that never stops writing, or never shrinks its file below the bound, fails here after
     * {@link #WAIT_SECONDS}. Returns the milliseconds it took.
     */
    private static long awaitSettledBelow(EmbeddedMongoServer server, long bound, EmbeddedMongoServer.Pace pace)
            throws Exception {
        long settledNanos = SETTLED_ROUNDS * pace.idleCommitInterval().toNanos();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        long writes = server.store().getFileStore().getWriteCount();
        long unchangedSince = System.nanoTime();
        while (Files.size(server.file()) >= bound
                || System.nanoTime() - unchangedSince < settledNanos) {
            assertThat(System.nanoTime() - deadline).as("not settled below %d bytes after %d s: the file %d bytes, "
                            + "last written %d ms ago", bound, WAIT_SECONDS, Files.size(server.file()),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - unchangedSince)).isNegative();
            Thread.sleep(100);
            long now = server.store().getFileStore().getWriteCount();
            if (now != writes) {
                writes = now;
                unchangedSince = System.nanoTime();
            }
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
