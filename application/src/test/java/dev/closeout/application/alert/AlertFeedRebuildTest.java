package dev.closeout.application.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.projections.alert.AlertProjection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumers hold cursors into the alert feed, so rebuilding the {@code alerts} read model must
 * not number it afresh: a consumer resumes where it was and sees only what had gone missing.
 */
class AlertFeedRebuildTest extends IntegrationTest {

    @Test
    void a_rebuild_keeps_every_alerts_position_mends_a_damaged_one_and_appends_a_lost_one_once() {
        String ledger = uniqueLedger("重建预警");
        for (int i = 0; i < 4; i++) {
            String id = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "任务 " + i,
                    "leadDepartment", "DEPT-A", "dueDate", today().minusDays(1).toString()))
                    .json().get("taskId").asText();
            assertThat(supervisor.post("/api/tasks/" + id + "/escalate", Map.of("level", "督办", "reason", "逾期"))
                    .status()).isEqualTo(200);
        }
        String query = "/api/alerts?limit=2&ledger=" + encoded(ledger);
        List<JsonNode> before = Eventually.until(Duration.ofSeconds(30), () -> allAlerts(query), a -> a.size() >= 4);
        assertThat(before).hasSize(4);
        JsonNode firstPage = alerts.get(query + "&after=0").json();
        assertThat(firstPage.get("alerts")).hasSize(2);
        long cursor = firstPage.get("next").asLong();

        long damaged = before.get(2).get("sequence").asLong();
        long lost = before.get(3).get("sequence").asLong();
        var collection = database.getCollection(AlertProjection.COLLECTION);
        collection.updateOne(Filters.eq("_id", damaged), Updates.set("department", "篡改"));
        collection.deleteOne(Filters.eq("_id", lost));

        assertThat(supervisor.post("/api/admin/projections/rebuild?processor=" + AlertProjection.PROCESSING_GROUP)
                .status()).isEqualTo(202);
        awaitProjectionsCaughtUp();

        List<JsonNode> resumed = new ArrayList<>();
        for (long next = cursor, previous = -1; next != previous; ) {
            JsonNode page = alerts.get(query + "&after=" + next).json();
            page.get("alerts").forEach(resumed::add);
            previous = next;
            next = page.get("next").asLong();
        }
        assertThat(resumed).extracting(a -> a.get("alertId").asText())
                .containsExactly(before.get(2).get("alertId").asText(), before.get(3).get("alertId").asText());
        assertThat(resumed.get(0).get("sequence").asLong()).isEqualTo(damaged);
        assertThat(resumed.get(0).get("department").asText()).isEqualTo("DEPT-A");
        assertThat(resumed.get(1).get("sequence").asLong()).isGreaterThan(lost);

        List<JsonNode> after = allAlerts(query);
        assertThat(after.subList(0, 3)).isEqualTo(before.subList(0, 3));
        assertThat(after).hasSize(4);
    }
}
