package dev.closeout.application.infrastructure.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.ApiClient.Response;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.StumblingProjection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.closeout.application.support.StumblingProjection.MARKER;
import static dev.closeout.application.support.StumblingProjection.PROCESSING_GROUP;
import static dev.closeout.application.support.StumblingProjection.WATCHED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read model that fails on an event parks it: that item's later events wait behind it, every other
 * item (and every other read model) moves on; readiness is down while anything is parked; an
 * operator lists the dead letters, retries an item once the cause is fixed (its events are applied in
 * order; a store failing under the retry leaves them parked, saying so) or evicts it, and readiness comes back.
 */
class DeadLettersTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String LIST = "/api/admin/dead-letters";

    @Autowired
    private StumblingProjection stumbling;

    /** Whatever a failed test left parked would hold readiness down for the tests after it. */
    @AfterEach
    void nothingParked() {
        stumbling.stumble(false);
        stumbling.storeFails(false);
        for (JsonNode item : supervisor.get(LIST).json().path(PROCESSING_GROUP)) {
            supervisor.post(itemPath(item.get("sequenceId").asText()) + "/evict");
        }
    }

    @Test
    void a_poisoned_event_parks_its_item_while_the_rest_moves_on_and_a_retry_after_the_fix_applies_it_in_order() {
        stumbling.stumble(true);
        String ledger = uniqueLedger("Dead letters");
        String poisoned = register(ledger, WATCHED + MARKER + " 受污染的事项 poisoned");
        String healthy = register(ledger, WATCHED + " 正常事项 healthy");
        for (String task : List.of(poisoned, healthy)) {
            assertThat(deptA.post("/api/tasks/" + task + "/claim").status()).isIn(200, 202);
        }

        Eventually.until(WAIT, () -> stumbling.applied(healthy), List.of("TaskRegistered", "TaskClaimed")::equals);
        JsonNode parked = Eventually.until(WAIT, () -> parkedItem(operator, poisoned),
                item -> item != null && item.get("waiting").asInt() == 1);
        assertThat(parked.get("eventType").asText()).isEqualTo("TaskRegistered");
        assertThat(parked.get("globalIndex").isIntegralNumber()).isTrue();
        assertThat(parked.get("cause").asText()).contains("IllegalStateException", "Stumbled on");
        assertThat(parked.get("attempts").asInt()).isEqualTo(1);
        assertThat(parked.get("firstFailure").asText()).isNotBlank();
        assertThat(parked.get("lastFailure").asText()).isNotBlank();
        assertThat(stumbling.applied(poisoned)).isEmpty();
        // the item itself moves on in every other read model
        Eventually.until(WAIT, () -> supervisor.get("/api/tasks/" + poisoned).json().get("status").asText(),
                "CLAIMED"::equals);

        JsonNode stillFailing = operator.post(itemPath(poisoned) + "/retry").json();
        assertThat(stillFailing.get("outcome").asText()).isEqualTo("still-parked");
        assertThat(stillFailing.at("/stillParked/attempts").asInt()).isEqualTo(2);
        assertThat(stillFailing.at("/stillParked/waiting").asInt()).isEqualTo(1);

        stumbling.storeFails(true);
        JsonNode storeDown = operator.post(itemPath(poisoned) + "/retry").json();
        stumbling.storeFails(false);
        assertThat(storeDown.get("outcome").asText()).isEqualTo("still-parked");
        assertThat(storeDown.at("/stillParked/cause").asText()).contains("MongoSocketException");
        assertThat(storeDown.at("/stillParked/attempts").asInt()).as("a store failure is no attempt").isEqualTo(2);

        stumbling.stumble(false);
        Response retried = supervisor.post(itemPath(poisoned) + "/retry");
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("outcome").asText()).isEqualTo("applied");
        assertThat(stumbling.applied(poisoned)).containsExactly("TaskRegistered", "TaskClaimed");
        assertThat(parkedItem(operator, poisoned)).isNull();
        assertThat(operator.post(itemPath(poisoned) + "/retry").status()).isEqualTo(404);
    }

    @Test
    void readiness_is_down_while_a_dead_letter_is_parked_and_up_again_once_it_is_evicted() {
        stumbling.stumble(true);
        String poisoned = register(uniqueLedger("Dead letter evicted"), WATCHED + MARKER + " evicted");

        // down for this group's dead letter, not for whatever else might hold readiness down a moment
        JsonNode down = Eventually.until(WAIT, () -> operator.get("/actuator/health/readiness").json(),
                health -> health.get("status").asText().equals("DOWN") && health
                        .at("/components/processors/details/" + PROCESSING_GROUP + "/deadLetters").asInt() == 1);
        assertThat(down.get("status").asText()).isEqualTo("DOWN");
        assertThat(down.at("/components/processors/details/" + PROCESSING_GROUP + "/deadLetters").asInt()).isEqualTo(1);
        assertThat(operator.get("/actuator/prometheus").body())
                .contains("closeout_dead_letters{group=\"" + PROCESSING_GROUP + "\"} 1.0");
        assertThat(deptA.get(LIST).status()).isEqualTo(403);
        assertThat(deptA.post(itemPath(poisoned) + "/evict").status()).isEqualTo(403);
        Response unknown = operator.post(LIST + "/no-such-group/" + poisoned + "/evict");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).isEqualTo("application/problem+json");

        Response evicted = operator.post(itemPath(poisoned) + "/evict");
        assertThat(evicted.status()).as(evicted.body()).isEqualTo(200);
        assertThat(evicted.json().get("evicted").asInt()).isEqualTo(1);

        assertThat(Eventually.until(WAIT, () -> operator.get("/actuator/health/readiness").json(),
                health -> health.get("status").asText().equals("UP")).get("status").asText()).isEqualTo("UP");
        assertThat(operator.get("/actuator/prometheus").body())
                .contains("closeout_dead_letters{group=\"" + PROCESSING_GROUP + "\"} 0.0");
        assertThat(stumbling.applied(poisoned)).isEmpty();
    }

    private static JsonNode parkedItem(ApiClient client, String taskId) {
        for (JsonNode item : client.get(LIST).json().path(PROCESSING_GROUP)) {
            if (item.get("sequenceId").asText().equals(taskId)) {
                return item;
            }
        }
        return null;
    }

    private static String itemPath(String taskId) {
        return LIST + "/" + PROCESSING_GROUP + "/" + taskId;
    }

    private String register(String ledger, String title) {
        Response created = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", title,
                "leadDepartment", "DEPT-A", "dueDate", today().plusDays(30).toString()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("taskId").asText();
    }
}
