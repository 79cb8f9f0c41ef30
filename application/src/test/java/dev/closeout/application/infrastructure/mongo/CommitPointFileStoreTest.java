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

    /**
     * Dropping a collection (a rebuild drops every read model's) counts each of its pages removed from its chunk,
     * which H2 does by finding the page in the chunk's table of contents. H2 keeps the tables in a cache of 1 MB in
     * 16 segments, which never keeps the table of a chunk of more than 8,192 pages, as a rebuild's commits write:
     * H2 read it from the file again for each page, and a county's rebuild spent seconds in its drops, reading
     * gigabytes. Each table is now read once a drop.
     */
    @Test
    void droppingAMapReadsTheTableOfContentsOfItsChunkOnce() {
        Path file = dir.resolve("drop.mv.db");
        MVStore written = openWithSmallPages(file);
        MVMap<Integer, Integer> entries = written.openMap("entries");
        for (int i = 0; i < 12_000; i++) {
            entries.put(i, i);
        }
        written.commit();
        written.close();

        MVStore reopened = openWithSmallPages(file);
        CommitPointFileStore files = (CommitPointFileStore) reopened.getFileStore();
        int largest = files.largestPageCount();
        assertThat(largest).as("pages in the map's chunk: a table of contents of more than 64 KB").isGreaterThan(8_192);
        long chunkBytes = files.largestChunkBytes();
        long read = files.getReadBytes();
        reopened.removeMap(reopened.openMap("entries"));
        long readByDrop = files.getReadBytes() - read;
        reopened.commit();
        reopened.openMap("ticks").put(1, 1);
        reopened.commit();
        long dead = files.deadChunkBytes();
        reopened.close();

        assertThat(readByDrop).as("bytes read by the drop, against the chunk's table of %d bytes", largest * 8L)
                .isLessThan(largest * 8L * 4);
        assertThat(dead).as("the map's chunk, each of its pages counted removed").isGreaterThanOrEqualTo(chunkBytes);
    }

    private static MVStore openWithSmallPages(Path file) {
        CommitPointFileStore files = new CommitPointFileStore(16);
        files.open(file.toString(), false, null);
        return new MVStore.Builder().adoptFileStore(files).keysPerPage(2).autoCommitDisabled().open();
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
