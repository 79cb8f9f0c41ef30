package dev.closeout.application.infrastructure.mongo;

import io.micrometer.core.instrument.FunctionCounter;
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
 * writer waited for its group commit (the fsync every command pays before it is answered),
 * {@code closeout_embedded_store_size_bytes}, the size of each store's file (a stat when scraped), and
 * how much of it is in chunks and how alive those are ({@code closeout_embedded_store_in_chunks_percent},
 * {@code closeout_embedded_store_chunks_alive_percent}): why the file is the size it is. The file meters are tagged
 * {@code store="events"} ({@code closeout.mv.db}) or {@code store="read-models"} (decision 0020).
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

    /** @param store which store: {@code events} or {@code read-models} (decision 0020), a tag of each meter */
    static void file(EmbeddedMongoServer server, String store, MeterRegistry registry) {
        Gauge.builder("closeout.embedded.store.size", server.file(), EmbeddedStoreMetrics::sizeOf)
                .description("Size of the embedded store's H2 file").baseUnit("bytes").tag("store", store).register(registry);
        FunctionCounter.builder("closeout.embedded.store.written", server, EmbeddedMongoServer::bytesWritten)
                .description("Bytes the embedded store wrote to its file: the pages of its commits, compaction and the shrink")
                .baseUnit("bytes").tag("store", store).register(registry);
        FunctionCounter.builder("closeout.embedded.store.commits", server, EmbeddedMongoServer::commits)
                .description("Commits of the embedded store; writers waiting together share one").tag("store", store)
                .register(registry);
        Gauge.builder("closeout.embedded.store.in.chunks", server, EmbeddedMongoServer::fileInChunksPercent)
                .description("Share of the embedded store's file in chunks; the rest is free space a quiet store gives back")
                .baseUnit("percent").tag("store", store).register(registry);
        Gauge.builder("closeout.embedded.store.chunks.alive", server, EmbeddedMongoServer::chunksAlivePercent)
                .description("How alive the embedded store's chunks holding live pages are; compaction reclaims the rest")
                .baseUnit("percent").tag("store", store).register(registry);
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
