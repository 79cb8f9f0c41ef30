package dev.closeout.application.infrastructure.mongo;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compaction's choice of chunks. A chunk written by a large commit (a rebuild commits once a second) holds more
 * live bytes than a compaction run may rewrite; H2's own choice passes over such a chunk for good, so at county
 * scale most of the file stayed in chunks a quarter alive.
 */
class CommitPointFileStoreTest {

    private static final int VALUES = 4_000;
    private static final int VALUE_BYTES = 500;
    private static final int WRITE_LIMIT = 64 * 1024;

    @TempDir
    Path dir;

    private CommitPointFileStore fileStore;
    private MVStore store;

    @BeforeEach
    void openStore() {
        fileStore = new CommitPointFileStore(16);
        fileStore.open(dir.resolve("test.mv.db").toString(), false, null);
        store = new MVStore.Builder().adoptFileStore(fileStore).autoCommitDisabled().open();
        store.setRetentionTime(0);
        store.setVersionsToKeep(0);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aChunkWhoseLivePagesExceedTheLimitIsRewrittenWhenAskedEvenIfLarger() {
        MVMap<Integer, byte[]> values = oneLargeChunkThirtyPercentAlive();
        int before = fileStore.liveChunksFillRate();
        assertThat(before).as("the large chunk's share alive").isBetween(20, 45);

        assertThat(store.compact(50, WRITE_LIMIT)).as("H2's own choice: the chunk alone exceeds the limit").isFalse();
        assertThat(fileStore.rewriteLeastAlive(store, 50, WRITE_LIMIT, false)).as("within the limit only").isFalse();
        assertThat(fileStore.rewriteLeastAlive(store, 50, WRITE_LIMIT, true)).isTrue();
        store.commit();

        assertThat(fileStore.liveChunksFillRate()).as("the large chunk died; its live pages are in a new chunk")
                .isGreaterThan(90);
        assertThat(values.get(VALUES - 1)).hasSize(VALUE_BYTES);
        assertThat(values.get(0)).isNull();
        assertThat(values.sizeAsLong()).isEqualTo(VALUES * 3 / 10);
    }

    @Test
    void aChunkMoreAliveThanAskedIsLeftAsItIs() {
        oneLargeChunkThirtyPercentAlive();
        long written = fileStore.getWriteCount();

        assertThat(fileStore.rewriteLeastAlive(store, 20, Integer.MAX_VALUE, true)).isFalse();
        store.commit();

        assertThat(fileStore.getWriteCount()).isEqualTo(written);
    }

    @Test
    void deadChunksAreCountedUntilDropped() {
        MVMap<Integer, byte[]> values = oneLargeChunkThirtyPercentAlive();
        assertThat(fileStore.deadChunkBytes()).isLessThan(64 * 1024);
        store.setRetentionTime(60_000);
        values.clear();
        store.commit();
        tick();
        assertThat(fileStore.deadChunkBytes()).as("the large chunk, dead, kept for the retention time")
                .isGreaterThan((long) VALUES * VALUE_BYTES);

        store.setRetentionTime(0);
        fileStore.dropUnusedChunks();
        assertThat(fileStore.deadChunkBytes()).isLessThan(64 * 1024);
        assertThat(fileStore.largestChunkBytes()).isLessThan((long) VALUES * VALUE_BYTES / 2);
    }

    /** One commit of {@link #VALUES} values, then a second that removes the first 70 % of them. */
    private MVMap<Integer, byte[]> oneLargeChunkThirtyPercentAlive() {
        MVMap<Integer, byte[]> values = store.openMap("values");
        for (int i = 0; i < VALUES; i++) {
            values.put(i, new byte[VALUE_BYTES]);
        }
        store.commit();
        assertThat(fileStore.largestChunkBytes()).isGreaterThan((long) VALUES * VALUE_BYTES);
        for (int i = 0; i < VALUES * 7 / 10; i++) {
            values.remove(i);
        }
        store.commit();
        // H2 counts the pages a commit replaced at the next commit, and rewrites only chunks two versions old
        tick();
        return values;
    }

    /** A commit of a small change elsewhere. */
    private void tick() {
        MVMap<Long, Long> ticks = store.openMap("ticks");
        ticks.put(store.getCurrentVersion(), System.nanoTime());
        store.commit();
    }
}
