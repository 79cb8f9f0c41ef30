package dev.closeout.application.infrastructure.mongo;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The embedded store as operators watch it: {@code closeout_embedded_group_commit_seconds}, how long a
 * writer waited for its group commit (the fsync every command pays before it is answered), and
 * {@code closeout_embedded_store_size_bytes}, the size of {@code closeout.mv.db} (a stat when scraped).
 */
final class EmbeddedStoreMetrics {

    private EmbeddedStoreMetrics() {
    }

    static Durability timed(Durability durability, MeterRegistry registry) {
        Timer waits = Timer.builder("closeout.embedded.group.commit")
                .description("Time a write waited for the embedded store's group commit to make it durable")
                .register(registry);
        return () -> waits.record(durability::awaitDurable);
    }

    static void fileSize(Path file, MeterRegistry registry) {
        Gauge.builder("closeout.embedded.store.size", file, EmbeddedStoreMetrics::sizeOf)
                .description("Size of the embedded store's H2 file").baseUnit("bytes").register(registry);
    }

    private static double sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException closedAndMoved) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
