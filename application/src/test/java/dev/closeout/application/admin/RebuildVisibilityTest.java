package dev.closeout.application.admin;

import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.infrastructure.readmodel.ReadModelRebuilds;
import dev.closeout.application.infrastructure.readmodel.TokenlessReadModels;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.projections.task.TaskViewProjection;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While a read model is rebuilt its items are missing until replayed: a read says "being rebuilt,
 * retry" (503) instead of claiming the item does not exist (404).
 */
class RebuildVisibilityTest extends IntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    TokenStore tokens;
    @Autowired
    EventStore events;
    @Autowired
    ReadModelRebuilds rebuilds;

    /** A task registered on {@code ledger}, read back from its view. */
    private String readableTask(String ledger) {
        String id = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "任务",
                "leadDepartment", "DEPT-A", "dueDate", today().plusDays(9).toString()))
                .json().get("taskId").asText();
        assertThat(auditor.get("/api/tasks/" + id).status()).isEqualTo(200);
        return id;
    }

    @Test
    void a_read_during_a_rebuild_answers_503_with_retry_after_and_the_item_comes_back_once_replayed() {
        String ledger = uniqueLedger("重建期间");
        String id = readableTask(ledger);
        assertThat(auditor.get("/api/tasks/no-such-task").status()).isEqualTo(404);

        TrackingEventProcessor views = processing
                .eventProcessor(TaskViewProjection.PROCESSING_GROUP, TrackingEventProcessor.class).orElseThrow();
        views.shutDown();
        try {
            views.resetTokens();
            ApiClient.Response during = auditor.get("/api/tasks/" + id);
            assertThat(during.status()).as(during.body()).isEqualTo(503);
            assertThat(during.contentType()).startsWith("application/problem+json");
            assertThat(during.header("Retry-After")).isEqualTo("5");
            assertThat(during.json().get("rebuilding").toString()).contains(TaskViewProjection.PROCESSING_GROUP);
            // The command side reads the event store, not the read model: it is stored, and answered 202 (its view
            // is being rebuilt) without waiting out the read-your-writes timeout
            assertThat(deptA.post("/api/tasks/" + id + "/claim").status()).isEqualTo(202);
            // a report made now would hold only the tasks replayed so far, and be kept as the period's report
            ApiClient.Response report = supervisor.post("/api/reports", Map.of("ledger", ledger, "kind", "WEEKLY"));
            assertThat(report.status()).as(report.body()).isEqualTo(503);
            assertThat(report.header("Retry-After")).isNotBlank();
            assertThat(report.json().get("rebuilding").toString()).contains(TaskViewProjection.PROCESSING_GROUP);
        } finally {
            views.start();
            // the view replays every event this test JVM stored, as many as the classes before it wrote; waited
            // for here so that the next class meets it caught up even when an assertion above failed
            awaitProjectionsCaughtUp();
        }
        ApiClient.Response after = Eventually.until(Duration.ofSeconds(30), () -> auditor.get("/api/tasks/" + id),
                r -> r.status() == 200 && r.json().get("status").asText().equals("CLAIMED"));
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().get("status").asText()).isEqualTo("CLAIMED");
        Eventually.until(Duration.ofSeconds(30), () -> auditor.get("/api/tasks/no-such-task").status(), s -> s == 404);
        assertThat(auditor.get("/api/tasks/no-such-task").status()).isEqualTo(404);
    }

    /**
     * After a restore (a backup holds no token of a read model the events rebuild) or with the read models' file
     * deleted, a read model's processor starts with no token: until it has taken in the events stored before, it is
     * being rebuilt, as after a reset, and says so rather than answer 404 for the items it has not reached.
     */
    @Test
    void a_read_model_without_a_token_as_after_a_restore_is_being_rebuilt_until_it_has_caught_up() {
        String id = readableTask(uniqueLedger("恢复之后"));

        TrackingEventProcessor views = processing
                .eventProcessor(TaskViewProjection.PROCESSING_GROUP, TrackingEventProcessor.class).orElseThrow();
        views.shutDown();
        try {
            tokens.fetchToken(TaskViewProjection.PROCESSING_GROUP, 0); // claimed, which deleting it needs
            tokens.deleteToken(TaskViewProjection.PROCESSING_GROUP, 0);
            assertThat(tokens.fetchSegments(TaskViewProjection.PROCESSING_GROUP)).isEmpty();
            assertThat(rebuilds.inProgress()).doesNotContain(TaskViewProjection.PROCESSING_GROUP);

            // what the application does before its processors start
            assertThat(TokenlessReadModels.initialise(tokens, events, List.of(TaskViewProjection.PROCESSING_GROUP)))
                    .containsExactly(TaskViewProjection.PROCESSING_GROUP);
            assertThat(rebuilds.inProgress()).contains(TaskViewProjection.PROCESSING_GROUP);
            // an item the view has not reached yet, as every item is after a restore
            ApiClient.Response during = auditor.get("/api/tasks/no-such-task");
            assertThat(during.status()).as(during.body()).isEqualTo(503);
            assertThat(during.json().get("rebuilding").toString()).contains(TaskViewProjection.PROCESSING_GROUP);
            assertThat(TokenlessReadModels.initialise(tokens, events, List.of(TaskViewProjection.PROCESSING_GROUP)))
                    .as("a group with a token is left as it is").isEmpty();
        } finally {
            views.start();
            awaitProjectionsCaughtUp();
        }
        Eventually.until(Duration.ofSeconds(30), rebuilds::inProgress,
                groups -> !groups.contains(TaskViewProjection.PROCESSING_GROUP));
        assertThat(rebuilds.inProgress()).doesNotContain(TaskViewProjection.PROCESSING_GROUP);
        assertThat(auditor.get("/api/tasks/" + id).status()).isEqualTo(200);
        assertThat(auditor.get("/api/tasks/no-such-task").status()).isEqualTo(404);
    }
}
