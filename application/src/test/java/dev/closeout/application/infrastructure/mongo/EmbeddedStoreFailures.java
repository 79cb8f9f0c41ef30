package dev.closeout.application.infrastructure.mongo;

import dev.closeout.application.support.Eventually;

import java.time.Duration;

/** A store of the embedded default made to fail as a full disk makes it, for tests outside this package. */
public final class EmbeddedStoreFailures {

    private EmbeddedStoreFailures() {
    }

    /** Makes {@code server}'s next fsync fail, and waits until the store has closed for it. */
    public static void failNextSync(EmbeddedMongoServer server) {
        server.failSyncs(new IllegalStateException("Input/output error"));
        Eventually.until(Duration.ofSeconds(30), server::failed, failed -> failed);
    }
}
