package dev.closeout.application.web;

import dev.closeout.application.infrastructure.mongo.DurabilityException;
import dev.closeout.application.infrastructure.mongo.EmbeddedMongoServer;
import dev.closeout.application.infrastructure.mongo.EmbeddedStoreFailures;
import dev.closeout.application.infrastructure.mongo.EmbeddedStoreHealthIndicator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.actuate.health.Status;
import org.springframework.http.ProblemDetail;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store that cannot keep writes is answered 503 with what happened, not 500 "could not be carried out": a commit
 * not confirmed durable, and any failure once the embedded store has closed for good (a full disk, a failed fsync),
 * when liveness is down too so that the application is started again.
 */
class StoreFailureProblemTest {

    @TempDir
    Path dataDir;

    @Test
    void a_commit_not_confirmed_durable_is_a_503_saying_the_changes_may_not_have_been_kept() {
        ProblemHandler handler = new ProblemHandler(null, healthOf(new StaticListableBeanFactory()));
        ProblemDetail problem = handler.describe(new IllegalStateException("append failed",
                new DurabilityException("A commit failed; the writes may not be durable")));
        assertThat(problem.getStatus()).isEqualTo(503);
        assertThat(problem.getDetail()).contains("could not confirm", "may not have been kept");
    }

    @Test
    void once_the_embedded_store_has_closed_every_failure_is_a_503_and_liveness_is_down() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir)) {
            EmbeddedStoreHealthIndicator health = healthOf(new StaticListableBeanFactory(Map.of("server", server)));
            ProblemHandler handler = new ProblemHandler(null, health);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(handler.describe(new IllegalStateException("a bug")).getStatus()).isEqualTo(500);

            EmbeddedStoreFailures.failNextSync(server);
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            ProblemDetail problem = handler.describe(new IllegalStateException("Map databases.closeout.events is closed"));
            assertThat(problem.getStatus()).isEqualTo(503);
            assertThat(problem.getDetail()).contains(server.file().toString(), "started again");
        }
    }

    /**
     * A shutdown closes the store too: no failure, liveness stays up and nothing is blamed on the disk; a request
     * caught by it is a 503 to retry, as on another instance or this one started again.
     */
    @Test
    void a_store_closed_by_a_shutdown_is_no_failure_and_a_request_caught_by_it_is_retried() {
        EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
        EmbeddedStoreHealthIndicator health = healthOf(new StaticListableBeanFactory(Map.of("server", server)));

        server.close();

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        ProblemDetail caught = new ProblemHandler(null, health).describe(new IllegalStateException("Map "
                + "databases.closeout.events is closed"));
        assertThat(caught.getStatus()).as("a request caught by the shutdown").isEqualTo(503);
        assertThat(caught.getDetail()).contains("stopping").doesNotContain("disk");
    }

    private static EmbeddedStoreHealthIndicator healthOf(StaticListableBeanFactory beans) {
        return new EmbeddedStoreHealthIndicator(beans.getBeanProvider(EmbeddedMongoServer.class));
    }
}
