package dev.closeout.application.infrastructure.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.h2.mvstore.FileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a commit holds writes off: only while it takes the roots of the maps, not while it
 * serializes and writes them. What makes that safe: {@link CopyOnUpdateCollectionTest}.
 */
class CommitFenceTest {

    private static final long WAIT_SECONDS = 30;

    @TempDir
    Path dataDir;

    @Test
    void aWriteGoesOnWhileACommitSerializesItsPages() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> things = client.getDatabase("closeout").getCollection("things");
            things.insertOne(new Document("_id", 1).append("n", 0));
            server.durability().awaitDurable();

            FileStore<?> fileStore = server.store().getFileStore();
            CommitPointFileStore commitPoint = (CommitPointFileStore) fileStore;
            Runnable letWritesGo = commitPoint.whenRootsTaken();
            CountDownLatch paused = new CountDownLatch(1);
            CountDownLatch resume = new CountDownLatch(1);
            AtomicBoolean first = new AtomicBoolean(true);
            AtomicLong writesWhenPaused = new AtomicLong(-1);
            commitPoint.whenRootsTaken(() -> {
                letWritesGo.run();
                if (first.getAndSet(false)) {
                    writesWhenPaused.set(fileStore.getWriteCount());
                    paused.countDown();
                    awaitQuietly(resume);
                }
            });
            long writesBefore = fileStore.getWriteCount();
            things.updateOne(Filters.eq("_id", 1), Updates.set("n", 1));
            CompletableFuture<Void> commit = CompletableFuture.runAsync(server.durability()::awaitDurable);
            assertThat(paused.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the commit reached its roots").isTrue();

            // the commit has taken its roots and written nothing yet; a write does not wait for it
            assertThat(writesWhenPaused.get()).isEqualTo(writesBefore);
            CompletableFuture<Void> write = CompletableFuture.runAsync(
                    () -> things.updateOne(Filters.eq("_id", 1), Updates.set("n", 2)));
            write.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(commit).isNotDone();

            resume.countDown();
            commit.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(fileStore.getWriteCount()).isGreaterThan(writesBefore);
            assertThat(things.find(Filters.eq("_id", 1)).first().getInteger("n")).isEqualTo(2);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
