package dev.closeout.application.infrastructure.mongo;

import org.h2.mvstore.Chunk;
import org.h2.mvstore.SingleFileStore;
import org.h2.mvstore.WriteBuffer;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

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

    private volatile Runnable rootsTaken = () -> { };

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
     * How alive, on the whole, the chunks are that still hold a live page, in percent. H2's
     * {@code compact} asks the same of every chunk, counting the dead ones it has not dropped yet (for
     * the retention time and until no reader can still use them): each run of it leaves dead chunks
     * behind, which made the next run look necessary, so a quiet store rewrote its own live pages every
     * second or so, forever, and a busy one ran compaction it did not need.
     */
    int liveChunksFillRate() {
        long length = 1;
        long live = 1;
        for (Chunk<?> chunk : getChunks().values()) {
            if (chunk.maxLenLive > 0) {
                length += chunk.maxLen;
                live += chunk.maxLenLive;
            }
        }
        return (int) (100 * live / length);
    }

    @Override
    public WriteBuffer getWriteBuffer() {
        rootsTaken.run();
        return super.getWriteBuffer();
    }
}
