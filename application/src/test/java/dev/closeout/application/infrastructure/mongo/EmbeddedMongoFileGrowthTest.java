package dev.closeout.application.infrastructure.mongo;

import dev.closeout.application.infrastructure.mongo.EmbeddedMongoFileGrowth.Result;
import dev.closeout.application.infrastructure.mongo.EmbeddedMongoFileGrowth.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Catches unbounded growth of the H2 file: a commit per write without compaction grew the file
 * by roughly 25-35 MB per second (and 5.5 GB in two minutes with H2's defaults). Rewriting a
 * fixed set of documents 20,000 times must stay far below that, 60 MB: with H2's 45 s retention
 * and no compaction, those writes grew the file to 145 MB; the store as it is keeps it under 25 MB
 * (both measured on two busy cores). A count of writes rather than a time, so that a slow machine
 * takes longer instead of writing less; the time allowed only stops one that hardly writes at all.
 * The sustained measurement is {@link EmbeddedMongoFileGrowth}.
 */
class EmbeddedMongoFileGrowthTest {

    private static final long WRITES = 20_000;
    private static final int TIMEOUT_SECONDS = 180;

    @TempDir
    Path dataDir;

    @Test
    void rewritingAFixedSetOfDocumentsDoesNotGrowTheFileWithoutBound() throws Exception {
        Result result = EmbeddedMongoFileGrowth.run(dataDir, Workload.UPDATES, TIMEOUT_SECONDS, WRITES, 2, false);

        assertThat(result.writes()).as("writes made within %d s", TIMEOUT_SECONDS).isEqualTo(WRITES);
        assertThat(result.maxFileSize())
                .as("largest file size in bytes; samples: %s", result.samples())
                .isLessThan(60L * 1024 * 1024);
    }
}
