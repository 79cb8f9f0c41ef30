package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A query reads a collection from the root it found first, page by page; meanwhile compaction (or writes) may
 * replace every page under that root and H2 drop their chunk once its retention time is over. A scan of a
 * county's 312,000 audit entries failed with "Chunk … not found" while a quiet store compacted. Every command
 * holds the version it started on, and H2 keeps what that version needs.
 */
class ReadOnItsVersionTest {

    private static final int VALUES = 20_000;

    @TempDir
    Path dir;

    @Test
    void aReadFinishesOnTheVersionItStartedOnWhenEveryPageUnderItWasReplacedAndItsChunkDropped() throws Exception {
        String file = dir.resolve("test.mv.db").toString();
        try (MVStore written = new MVStore.Builder().fileName(file).autoCommitDisabled().open()) {
            MVMap<Integer, String> values = written.openMap("values");
            // the store's own maps in a chunk of their own, the values in the next
            written.commit();
            for (int i = 0; i < VALUES; i++) {
                values.put(i, "第一版 " + i);
            }
            written.commit();
        }
        // opened again, without a page cache: the pages are read from their chunk as a reader comes to them
        MVStore store = new MVStore.Builder().fileName(file).cacheSize(0).autoCommitDisabled().open();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            store.setRetentionTime(0);
            store.setVersionsToKeep(0);
            MVMap<Integer, String> values = store.openMap("values");
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch mayGoOn = new CountDownLatch(1);
            CommitFencedBackend backend = new CommitFencedBackend(new MemoryBackend() {
                @Override
                public Document handleCommand(Channel channel, String database, String command, Document query) {
                    int seen = 0;
                    for (Iterator<String> it = values.values().iterator(); it.hasNext(); it.next()) {
                        if (++seen == 10) {
                            started.countDown();
                            await(mayGoOn);
                        }
                    }
                    return new Document("seen", seen);
                }
            }, store);

            Future<Document> read = reader.submit(() -> backend.handleCommand(null, "closeout", "find", new Document()));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < VALUES; i++) {
                values.put(i, "第二版 " + i);
            }
            store.commit();
            // H2 counts the replaced pages at the next commit and lets their chunk go at the one after
            for (int commit = 0; commit < 3; commit++) {
                values.put(-1, "a later commit " + commit);
                store.commit();
            }
            store.getFileStore().dropUnusedChunks();
            mayGoOn.countDown();

            assertThat(read.get(10, TimeUnit.SECONDS).get("seen")).isEqualTo(VALUES);
        } finally {
            reader.shutdownNow();
            store.close();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
