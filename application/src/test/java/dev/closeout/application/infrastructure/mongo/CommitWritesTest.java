package dev.closeout.application.infrastructure.mongo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What counts as others' writes when the store judges itself quiet: a rebuild's commits must count (a quiet store
 * compacts in long runs, which a rebuild would wait for), compaction's own pages must not (after a rebuild, H2's runs
 * kept the store from ever counting as quiet, and the file from shrinking).
 */
class CommitWritesTest {

    private static final long KB = 1024;
    private static final long MB = 1024 * KB;

    private final CommitWrites writes = new CommitWrites(256 * KB);

    @Test
    void theTokensClaimsAloneAreNotOthersWritesAndARebuildsCommitIs() {
        writes.committed(12 * KB, false);
        assertThat(writes.othersWroteLastCommit()).isFalse();

        writes.committed(9 * MB, false);
        assertThat(writes.othersWroteLastCommit()).isTrue();
    }

    @Test
    void whatACompactionRunRewroteUpToItsLimitIsItsOwn() {
        writes.compacted(2 * MB);
        writes.committed(2 * MB + 100 * KB, false);
        assertThat(writes.othersWroteLastCommit()).as("a run's pages and the tokens' claims").isFalse();

        writes.compacted(2 * MB);
        writes.committed(3 * MB, false);
        assertThat(writes.othersWroteLastCommit()).as("a megabyte beyond the run's limit").isTrue();
    }

    @Test
    void theRunsShareIsTheNextCommitsOnly() {
        writes.compacted(2 * MB);
        writes.committed(KB, false);
        writes.committed(2 * MB, false);

        assertThat(writes.othersWroteLastCommit()).isTrue();
    }

    @Test
    void runsBetweenTwoCommitsAddUp() {
        writes.compacted(512 * KB);
        writes.compacted(512 * KB);
        writes.committed(MB, false);

        assertThat(writes.othersWroteLastCommit()).isFalse();
    }

    @Test
    void aCommitAQuietStoresCompactionAskedForIsAllItsOwn() {
        writes.committed(16 * MB, true);

        assertThat(writes.othersWroteLastCommit()).isFalse();
    }
}
