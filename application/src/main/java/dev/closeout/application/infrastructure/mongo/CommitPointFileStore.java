package dev.closeout.application.infrastructure.mongo;

import org.h2.mvstore.Chunk;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.SingleFileStore;
import org.h2.mvstore.WriteBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * H2's single-file store that tells when a commit has taken what it will write. An H2 commit first
 * takes the root page of every changed map (under H2's store lock, on the committing thread), then
 * serializes the pages under those roots into a chunk and writes it. The maps are copy-on-write:
 * a write after the roots were taken makes new pages and leaves the taken ones as they are, which
 * is how H2's own background writer lets writes go on while it serializes. So from that point on
 * the commit no longer needs writes held off; {@link CommitFencedBackend} lets them go on then.
 *
 * <p>H2 has no hook for that point; this store finds it where the chunk being built asks for its
 * write buffer ({@code FileStore.serializeAndStore}, H2 2.3: right after the chunk is created for
 * the taken roots, before a page is serialized). Nothing else asks for one. {@code CommitFenceTest}
 * checks that a commit reaches the hook before it writes anything, so an H2 upgrade that moves the
 * call fails the build.
 */
final class CommitPointFileStore extends SingleFileStore {

    /** H2's block, the unit of a chunk's length. */
    private static final int BLOCK_BYTES = 4096;

    private volatile Runnable rootsTaken = () -> { };
    /**
     * The tables of contents {@link #accountForRemovedPage} read since the last commit, by chunk id: each chunk's
     * page offsets in page order. Dropped at each commit, so they are held while a map is dropped and not after.
     */
    private final Map<Integer, PageOffsets> tablesOfContents = new ConcurrentHashMap<>();
    /** What {@link #rewriteLeastAlive} asks of H2's compaction while it runs; otherwise null. */
    private volatile RewriteRequest rewriteRequest;
    /** The chunks the last {@link #rewriteLeastAlive} chose; the compacting thread's alone. */
    private List<Chunk<?>> chosenForRewrite = List.of();
    /**
     * Chunks whose rewrite freed nothing, by id, with their live bytes then. H2 rewrites a page only if its map still
     * holds it, and checks each chosen chunk again; a chunk it will not rewrite would be chosen first, being the least
     * alive, at every run, and stop compaction for good. Seen once in probes (a chunk of 18 MB with one live page of
     * 48 bytes, chosen from counts older than H2's, before the choice moved into {@link #getRewriteCandidates}); kept
     * as the guard: such a chunk is passed over until its live bytes change.
     */
    private final Map<Integer, Long> unrewritable = new ConcurrentHashMap<>();

    /** @param cacheMegabytes H2's page cache, which belongs to the file store */
    CommitPointFileStore(int cacheMegabytes) {
        super(config(cacheMegabytes));
    }

    private static Map<String, Object> config(int cacheMegabytes) {
        Map<String, Object> config = new HashMap<>();
        config.put("cacheSize", cacheMegabytes);
        return config;
    }

    /** Runs {@code action} on the committing thread each time a commit has taken its roots. */
    void whenRootsTaken(Runnable action) {
        this.rootsTaken = Objects.requireNonNull(action, "action");
    }

    /** What runs each time a commit has taken its roots. */
    Runnable whenRootsTaken() {
        return rootsTaken;
    }

    /**
     * How alive, on the whole, the chunks are that still hold a live page, in percent; chunks whose rewrite
     * freed nothing are left out (see {@link #rewriteLeastAlive}). H2's {@code compact} asks the same of every
     * chunk, counting the dead ones it has not dropped yet (for the retention time and until no reader can
     * still use them): each run of it leaves dead chunks behind, which made the next run look necessary, so a
     * quiet store rewrote its own live pages every second or so, forever, and a busy one ran compaction it did
     * not need.
     */
    int liveChunksFillRate() {
        long length = 1;
        long live = 1;
        for (Chunk<?> chunk : getChunks().values()) {
            if (chunk.maxLenLive > 0 && !isUnrewritable(chunk)) {
                length += chunk.maxLen;
                live += chunk.maxLenLive;
            }
        }
        return (int) (100 * live / length);
    }

    /** The bytes of the chunks whose rewrite freed nothing, which only moving chunks (or their death) reclaims. */
    long unrewritableBytes() {
        long bytes = 0;
        for (Chunk<?> chunk : getChunks().values()) {
            if (chunk.maxLenLive > 0 && isUnrewritable(chunk)) {
                bytes += chunk.maxLen;
            }
        }
        return bytes;
    }

    /** The bytes written to the file since it was opened. */
    long bytesWritten() {
        return writeBytes.get();
    }

    /** The bytes of the chunks that hold no live page, dead but not yet dropped. */
    long deadChunkBytes() {
        long bytes = 0;
        for (Chunk<?> chunk : getChunks().values()) {
            if (chunk.maxLenLive == 0) {
                bytes += (long) chunk.len * BLOCK_BYTES;
            }
        }
        return bytes;
    }

    private boolean isUnrewritable(Chunk<?> chunk) {
        Long live = unrewritable.get(chunk.id);
        return live != null && live == chunk.maxLenLive;
    }

    /**
     * Rewrites the live pages of the least alive chunks, so that they die: those less than {@code belowFillRate}
     * alive, least alive first, up to {@code writeLimit} bytes of live pages; when {@code evenIfLarger}, the least
     * alive one even if it alone holds more. Returns whether it rewrote a page; the next commit writes them.
     *
     * <p>H2's own choice ({@code FileStore.findOldChunks}) ranks chunks by fill rate divided by age in commits, so
     * after tens of thousands of commits it prefers any old chunk, nearly full ones too, and it skips every chunk
     * whose live pages alone exceed the limit. A county's rebuild, committed once a second, writes chunks of tens of
     * megabytes: they were never rewritten, and at 10,000 tasks 90 % of the file stayed in chunks 28 % alive. Here
     * the choice is by fill rate alone; H2 still checks each chosen chunk (old enough for the retention time, not
     * the newest, no pinned page: pins come only from single-writer maps, which this store does not open).
     *
     * <p>Call it where H2's {@code compact} may be called; it runs H2's rewrite, under H2's store lock.
     */
    boolean rewriteLeastAlive(MVStore store, int belowFillRate, int writeLimit, boolean evenIfLarger) {
        unrewritable.keySet().retainAll(getChunks().keySet());
        chosenForRewrite = List.of();
        rewriteRequest = new RewriteRequest(belowFillRate, writeLimit, evenIfLarger);
        try {
            // H2 asks getRewriteCandidates once it has counted the pages that died since the last commit; the
            // limit is kept there, so H2 keeps every candidate
            boolean rewritten = store.compact(100, Integer.MAX_VALUE);
            if (!rewritten) {
                chosenForRewrite.forEach(chunk -> unrewritable.put(chunk.id, chunk.maxLenLive));
            }
            return rewritten;
        } finally {
            rewriteRequest = null;
        }
    }

    /** While {@link #rewriteLeastAlive} runs, the chunks it chooses; otherwise H2's own (every chunk). */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Collection getRewriteCandidates() {
        RewriteRequest request = rewriteRequest;
        if (request == null) {
            return super.getRewriteCandidates();
        }
        chosenForRewrite = leastAlive(request);
        return chosenForRewrite;
    }

    private List<Chunk<?>> leastAlive(RewriteRequest request) {
        long now = System.currentTimeMillis() - getCreationTime();
        long newest = lastChunkVersion();
        List<Chunk<?>> candidates = new ArrayList<>();
        for (Chunk<?> chunk : getChunks().values()) {
            boolean seasoned = chunk.time + getRetentionTime() <= now && chunk.version < newest;
            if (seasoned && chunk.maxLenLive > 0 && 100 * chunk.maxLenLive < (long) request.belowFillRate() * chunk.maxLen
                    && !isUnrewritable(chunk)) {
                candidates.add(chunk);
            }
        }
        candidates.sort(Comparator.comparingDouble(chunk -> (double) chunk.maxLenLive / chunk.maxLen));
        List<Chunk<?>> chosen = new ArrayList<>();
        long live = 0;
        for (Chunk<?> chunk : candidates) {
            if (live + chunk.maxLenLive > request.writeLimit() && !(chosen.isEmpty() && request.evenIfLarger())) {
                break;
            }
            chosen.add(chunk);
            live += chunk.maxLenLive;
        }
        return chosen;
    }

    /** The length of the largest chunk in bytes: moving chunks to shrink the file must be able to move it. */
    long largestChunkBytes() {
        long largest = 0;
        for (Chunk<?> chunk : getChunks().values()) {
            largest = Math.max(largest, (long) chunk.len * BLOCK_BYTES);
        }
        return largest;
    }

    /** The most pages a chunk holds, live or dead: the length of its table of contents. */
    int largestPageCount() {
        int largest = 0;
        for (Chunk<?> chunk : getChunks().values()) {
            largest = Math.max(largest, pageCount(chunk));
        }
        return largest;
    }

    /** How many pages {@code chunk} holds, live or dead. */
    private static int pageCount(Chunk<?> chunk) {
        return hexAttribute(chunk.asString(), "pages");
    }

    /** An attribute of a chunk as H2 writes it in the chunk's header, in hex; 0 when absent. */
    private static int hexAttribute(String chunk, String name) {
        String value = DataUtils.getFromMap(chunk, name);
        return value == null ? 0 : Integer.parseUnsignedInt(value, 16);
    }

    /**
     * Counts a page removed from its chunk. H2 gives the page's number in its chunk, except where it drops a whole
     * map or subtree ({@code Page.removeAllRecursive}): then H2 finds it in the chunk's table of contents, which it
     * keeps in a cache of 1 MB in 16 segments. A segment holds 64 KB, so the table of a chunk of more than 8,192
     * pages, as a rebuild's commits write, is never kept, and H2 read it from the file again for each page of a
     * dropped map: dropping a read model of a county's rebuilt store read gigabytes and took seconds
     * (docs/measurements.md, session 31). Here each table is read once and held until the next commit.
     */
    @Override
    public void accountForRemovedPage(long pos, long version, boolean pinned, int pageNo) {
        super.accountForRemovedPage(pos, version, pinned, pageNo >= 0 ? pageNo : pageNumberOf(pos));
    }

    /** The page's number in its chunk, as H2 finds it: its offset's place in the table of contents; -1 when none. */
    private int pageNumberOf(long pos) {
        Chunk<?> chunk = getChunks().get(DataUtils.getPageChunkId(pos));
        if (chunk == null) {
            return -1;
        }
        PageOffsets offsets = tablesOfContents.compute(chunk.id,
                (id, held) -> held != null && held.version() == chunk.version ? held : readOffsets(chunk));
        int number = Arrays.binarySearch(offsets.offsets(), DataUtils.getPageOffset(pos));
        return number >= 0 ? number : -1;
    }

    /** The offsets of the chunk's pages, read from its table of contents as H2's {@code Chunk.readToC} does. */
    private PageOffsets readOffsets(Chunk<?> chunk) {
        String header = chunk.asString();
        int tocPosition = hexAttribute(header, "toc");
        int pages = hexAttribute(header, "pages");
        int[] offsets = new int[tocPosition == 0 ? 0 : pages];
        if (offsets.length > 0) {
            long[] table = new long[pages];
            long block;
            do {
                // H2 moves a chunk while shrinking the file; read again if it moved meanwhile
                block = chunk.block;
                ByteBuffer buffer = chunk.buffer;
                if (buffer == null) {
                    buffer = readFrom(chunk, block * BLOCK_BYTES + tocPosition, pages * Long.BYTES);
                } else {
                    buffer = buffer.duplicate().position(tocPosition).slice();
                }
                buffer.asLongBuffer().get(table);
            } while (block != chunk.block);
            for (int i = 0; i < pages; i++) {
                offsets[i] = DataUtils.getPageOffset(table[i]);
            }
        }
        return new PageOffsets(chunk.version, offsets);
    }

    /** H2's read of a chunk's bytes, which names the chunk's class, private to H2. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private ByteBuffer readFrom(Chunk<?> chunk, long position, int length) {
        return ((FileStore) this).readFully(chunk, position, length);
    }

    @Override
    public WriteBuffer getWriteBuffer() {
        tablesOfContents.clear();
        rootsTaken.run();
        return super.getWriteBuffer();
    }

    /** A chunk's page offsets in page order, and the version of the chunk they were read from (ids are reused). */
    private record PageOffsets(long version, int[] offsets) {
    }

    private record RewriteRequest(int belowFillRate, int writeLimit, boolean evenIfLarger) {
    }
}
