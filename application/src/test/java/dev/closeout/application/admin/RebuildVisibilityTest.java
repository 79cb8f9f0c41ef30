package dev.closeout.application.admin;

import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.projections.task.TaskViewProjection;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While a read model is rebuilt its items are missing until replayed: a read says "being rebuilt,
 * retry" (503) instead of claiming the item does not exist (404).
 */
class RebuildVisibilityTest extends IntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void a_read_during_a_rebuild_answers_503_with_retry_after_and_the_item_comes_back_once_replayed() {
        String ledger = uniqueLedger("重建期间");
        String id = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "任务",
                "leadDepartment", "DEPT-A", "dueDate", today().plusDays(9).toString()))
                .json().get("taskId").asText();
        assertThat(auditor.get("/api/tasks/" + id).status()).isEqualTo(200);
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
}
