package dev.closeout.application.infrastructure.mongo;

/**
 * Whether the last commit carried anyone's writes but compaction's, which is half of what makes a store quiet
 * ({@link EmbeddedMongoServer}). A compaction run rewrites pages in memory and the next commit writes them, beside
 * whatever was written meanwhile; only the bytes a commit writes are known, so a run's share is taken as at most its
 * limit. Counted as others' writes, H2's own runs after a rebuild (a chunk's worth each second, once compressed
 * chunks fit its limit) kept a store from ever counting as quiet, and it did not shrink its file. The committer's
 * alone.
 */
final class CommitWrites {

    private final long quietCommitBytes;
    /** Bytes the next commit may write for compaction runs since the last commit, at most. */
    private long compactionAllowance;
    private boolean othersWrote;

    /** @param quietCommitBytes what a commit of a quiet store may write besides compaction's pages: token claims */
    CommitWrites(long quietCommitBytes) {
        this.quietCommitBytes = quietCommitBytes;
    }

    /** A compaction run rewrote pages, at most {@code limit} bytes of chunks, for the next commit to write. */
    void compacted(long limit) {
        compactionAllowance += limit;
    }

    /**
     * The commit just made wrote {@code bytes}; {@code askedByQuietCompaction}: a quiet store's compaction asked for
     * it, so all of it is that compaction's.
     */
    void committed(long bytes, boolean askedByQuietCompaction) {
        othersWrote = !askedByQuietCompaction && bytes - compactionAllowance > quietCommitBytes;
        compactionAllowance = 0;
    }

    /** Whether the last commit wrote more than a quiet store's token claims besides compaction's pages. */
    boolean othersWroteLastCommit() {
        return othersWrote;
    }
}
