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
 * fixed set of documents for five seconds must stay far below that (60 MB against 125-175 MB).
 * The sustained measurement is {@link EmbeddedMongoFileGrowth}.
 */
class EmbeddedMongoFileGrowthTest {

    @TempDir
    Path dataDir;

    @Test
    void rewritingAFixedSetOfDocumentsDoesNotGrowTheFileWithoutBound() throws Exception {
        Result result = EmbeddedMongoFileGrowth.run(dataDir, Workload.UPDATES, 5, 2, false);

        assertThat(result.writes()).as("writes made").isGreaterThan(500);
        assertThat(result.maxFileSize())
                .as("largest file size in bytes; samples: %s", result.samples())
                .isLessThan(60L * 1024 * 1024);
    }
}
