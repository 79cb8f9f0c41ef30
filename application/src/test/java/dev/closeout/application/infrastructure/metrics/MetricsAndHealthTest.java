package dev.closeout.application.infrastructure.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.deadline.DueDateSweep;
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
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator watches: the Prometheus page after a small workload names each of Closeout's own
 * metrics with its labels; the health groups say ready only while every tracking processor is out
 * of error; and only operators (and, for health details, supervisors) read more than a status.
 */
class MetricsAndHealthTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    private DueDateSweep sweep;
    @Autowired
    private LedgerGauges ledgerGauges;
    @Autowired
    private StumblingProjection stumbling;

    /**
     * The store works again and readiness is back up before the next test, even when this one failed midway: a
     * processor in error is retried after up to a minute, and the classes after this one need it up.
     */
    @AfterEach
    void steady() {
        stumbling.storeFails(false);
        assertThat(Eventually.until(Duration.ofSeconds(90), () -> operator.get("/actuator/health/readiness").json(),
                health -> health.get("status").asText().equals("UP")).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void after_a_small_workload_the_prometheus_page_holds_each_of_closeouts_metrics_with_its_labels() {
        String ledger = uniqueLedger("Metrics workload");
        String overdue = register(ledger, "逾期 metrics", today().minusDays(10).toString());
        assertThat(supervisor.post("/api/tasks/" + overdue + "/withdraw", Map.of("reason", "twice")).status())
                .isEqualTo(200);
        assertThat(supervisor.post("/api/tasks/" + overdue + "/withdraw", Map.of("reason", "twice")).status())
                .isEqualTo(409);
        String red = register(ledger, "红 metrics", today().minusDays(10).toString());
        String subscription = alerts.post("/api/webhooks", Map.of("url", "http://127.0.0.1:9/metrics-hook",
                "departments", List.of("DEPT-A"))).json().get("id").asText();
        try {
            Eventually.until(Duration.ofSeconds(90), sweep::sweep, DueDateSweep.Result::swept);
            // the ledger's read model is paced: its gauges are read again until they hold the ledger's red item
            Pattern openOne = Pattern.compile("closeout_ledger_open_items\\{ledger=\"" + Pattern.quote(ledger) + "\"} 1.0");
            Pattern redOne = Pattern.compile("closeout_ledger_red_items\\{ledger=\"" + Pattern.quote(ledger) + "\"} 1.0");
            String page = Eventually.until(WAIT, () -> {
                ledgerGauges.refresh();
                return operator.get("/actuator/prometheus").body();
            }, body -> body.contains("subscription=\"" + subscription + "\"") && openOne.matcher(body).find()
                    && redOne.matcher(body).find());

            assertThat(page).containsPattern(series("closeout_commands_seconds_count",
                    "outcome=\"accepted\",reason=\"none\",type=\"RegisterTask\""));
            assertThat(page).containsPattern(series("closeout_commands_seconds_count",
                    "outcome=\"refused\",reason=\"state\",type=\"WithdrawTask\""));
            assertThat(page).containsPattern(series("closeout_commands_seconds_sum", "type=\"CheckTaskDeadline\""));
            assertThat(page).containsPattern(series("closeout_events_appended_total", "type=\"TaskWentOverdue\""));
            assertThat(page).containsPattern(series("closeout_processor_lag_events", "group=\"due-date-index\""));
            assertThat(page).containsPattern(series("closeout_processor_lag_seconds", "group=\"ledger\""));
            assertThat(page).containsPattern(series("closeout_sweeps_total", "outcome=\"run\""));
            assertThat(page).containsPattern(series("closeout_sweeps_total", "outcome=\"postponed\""));
            assertThat(page).containsPattern(series("closeout_sweep_items_checked_total", "kind=\"task\""));
            assertThat(page).containsPattern("(?m)^closeout_sweep_duration_seconds_count ");
            assertThat(page).containsPattern(series("closeout_dead_letters", "group=\"ledger\""));
            assertThat(page).containsPattern(series("closeout_event_store_tracked_total", "from=\"store\""));
            assertThat(page).containsPattern(series("closeout_event_store_tracked_total", "from=\"memory\""));
            assertThat(page).containsPattern(series("closeout_webhook_deliveries_total",
                    "status=\"failed\",subscription=\"" + subscription + "\""));
            assertThat(page).containsPattern("closeout_ledger_open_items\\{ledger=\"" + Pattern.quote(ledger) + "\"} 1.0");
            assertThat(page).containsPattern("closeout_ledger_red_items\\{ledger=\"" + Pattern.quote(ledger) + "\"} 1.0");
            assertThat(red).isNotBlank();
        } finally {
            supervisor.delete("/api/webhooks/" + subscription);
        }
    }

    @Test
    void only_operators_read_the_metrics() {
        assertThat(operator.get("/actuator/prometheus").status()).isEqualTo(200);
        for (ApiClient refused : List.of(supervisor, deptA, auditor, alerts)) {
            assertThat(refused.get("/actuator/prometheus").status()).isEqualTo(403);
        }
        assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(401);
        // an operator's tool reads a refusal as problem+json, as the API's, not as a page of the workspace
        ApiClient.Response wrongMethod = operator.post("/actuator/prometheus", Map.of());
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.contentType()).startsWith("application/problem+json");
    }

    @Test
    void the_operator_reads_nothing_of_the_ledgers() {
        String ledger = uniqueLedger("Operator reads nothing");
        String id = register(ledger, "not for operators", today().plusDays(30).toString());
        for (String path : List.of("/api/tasks/" + id, ledgerPath(ledger), "/api/alerts?after=0", "/api/admin/projections")) {
            assertThat(operator.get(path).status()).as(path).isEqualTo(403);
        }
    }

    @Test
    void operators_and_supervisors_see_the_health_details_and_everyone_else_the_status_only() {
        for (ApiClient detailed : List.of(operator, supervisor)) {
            JsonNode readiness = detailed.get("/actuator/health/readiness").json();
            assertThat(readiness.get("status").asText()).isEqualTo("UP");
            assertThat(readiness.get("components").fieldNames()).toIterable()
                    .contains("eventStore", "processors", "readinessState");
            JsonNode liveness = detailed.get("/actuator/health/liveness").json();
            assertThat(liveness.get("status").asText()).isEqualTo("UP");
            assertThat(liveness.get("components").fieldNames()).toIterable()
                    .as("down once the embedded store closed for good").contains("livenessState", "embeddedStore");
        }
        for (ApiClient plain : List.of(anonymous, deptA, alerts)) {
            for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
                Response answer = plain.get(path);
                assertThat(answer.status()).as(path).isEqualTo(200);
                assertThat(answer.json().fieldNames()).toIterable().as(path).doesNotContain("components", "details");
            }
        }
    }

    @Test
    void readiness_goes_down_while_a_processor_is_in_error_and_up_again_once_it_gets_past_the_event() {
        stumbling.storeFails(true);
        register(uniqueLedger("Stumbling"), StumblingProjection.MARKER + " poisoned", today().plusDays(30).toString());

        JsonNode down = Eventually.until(WAIT, () -> operator.get("/actuator/health/readiness").json(),
                health -> health.get("status").asText().equals("DOWN") && !health.at("/components/processors/details/"
                        + StumblingProjection.PROCESSING_GROUP + "/error").isMissingNode());
        assertThat(down.at("/components/processors/details/" + StumblingProjection.PROCESSING_GROUP + "/error").asText())
                .contains("MongoSocketException");
        assertThat(down.at("/components/processors/details/" + StumblingProjection.PROCESSING_GROUP + "/deadLetters")
                .isMissingNode()).as("a failing store parks nothing").isTrue();
        Response anonymousView = anonymous.get("/actuator/health/readiness");
        assertThat(anonymousView.status()).isEqualTo(503);
        assertThat(anonymousView.json().fieldNames()).toIterable().containsExactly("status");
        assertThat(operator.get("/actuator/health/liveness").json().get("status").asText()).isEqualTo("UP");

        stumbling.storeFails(false);
        // Axon retries a processor in error after 1, 2, 4 ... up to 60 s
        assertThat(Eventually.until(Duration.ofSeconds(90), () -> operator.get("/actuator/health/readiness").json(),
                health -> health.get("status").asText().equals("UP")).get("status").asText()).isEqualTo("UP");
    }

    private String register(String ledger, String title, String dueDate) {
        Response created = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", title,
                "leadDepartment", "DEPT-A", "dueDate", dueDate));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("taskId").asText();
    }

    /** A series of {@code metric} whose labels include {@code labels}, in Prometheus' order (by name). */
    private static String series(String metric, String labels) {
        return "(?m)^" + Pattern.quote(metric) + "\\{[^}]*" + Pattern.quote(labels) + "[^}]*} ";
    }
}
