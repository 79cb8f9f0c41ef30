package dev.closeout.application.deadline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Referrals (省上转办, 市级交办) over HTTP: a report-back date passed turns the task red
 * (REFERRAL_REPORT_BACK_OVERDUE), the sweep records it once and raises one alert however often it runs,
 * a late report-back is recorded late, and the referral ledger counts each level's referrals. The
 * referral ledger is shared by every test, so its figures are compared before and after.
 */
class ReferralDeadlineTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    private DueDateSweep sweep;

    @AfterEach
    void putTimeBack() {
        Sweeps.putTimeBack(clock, database);
    }

    private static Map<String, Object> referral(String level, String documentNumber, LocalDate reportBackDue) {
        return Map.of("level", level, "referringBody", level.equals("PROVINCE") ? "省委督查室" : "市信访局",
                "documentNumber", documentNumber, "reportBackDue", reportBackDue.toString());
    }

    private ApiClient.Response register(String ledger, Object referral) {
        Map<String, Object> body = new HashMap<>(Map.of("ledger", ledger, "title", "省上督办: 农村供水保障",
                "leadDepartment", "DEPT-A", "dueDate", today().plusDays(90).toString()));
        body.put("referral", referral);
        return supervisor.post("/api/tasks", body);
    }

    private JsonNode figures(String level) {
        return supervisor.get("/api/referrals").json().get("levels").get(level);
    }

    private JsonNode awaitFigures(String level, Predicate<JsonNode> done) {
        return Eventually.until(WAIT, () -> figures(level), done);
    }

    private static long delta(JsonNode now, JsonNode before, String figure) {
        return now.get(figure).asLong() - before.get(figure).asLong();
    }

    @Test
    void a_referral_reported_back_late_is_flagged_once_and_counted_late() {
        // the level's figures are the whole JVM's: taken once the classes before this one are projected
        awaitProjectionsCaughtUp();
        JsonNode before = figures("PROVINCE");
        String ledger = uniqueLedger("省上督办台账");
        String documentNumber = "甘督字〔2026〕" + ledger.hashCode() + "号";
        ApiClient.Response registered = register(ledger, referral("PROVINCE", documentNumber, today()));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        String id = registered.json().get("taskId").asText();
        assertThat(deptA.post("/api/tasks/" + id + "/claim", Map.of()).status()).isEqualTo(200);
        JsonNode task = supervisor.get("/api/tasks/" + id).json();
        assertThat(task.get("referral").get("documentNumber").asText()).isEqualTo(documentNumber);
        assertThat(task.get("referral").get("status").asText()).as("due today is not late").isEqualTo("AWAITING");
        assertThat(task.get("colour").asText()).isEqualTo("BLUE");

        clock.advance(Duration.ofDays(1));
        JsonNode red = supervisor.get("/api/tasks/" + id).json();
        assertThat(red.get("colour").asText()).isEqualTo("RED");
        assertThat(red.get("colourReasons").toString()).contains("REFERRAL_REPORT_BACK_OVERDUE");
        assertThat(red.get("referral").get("status").asText()).isEqualTo("OVERDUE");
        assertThat(Eventually.until(WAIT, () -> supervisor.get(ledgerPath(ledger)).json().get("colours"),
                c -> c != null && c.get("RED").asLong() == 1).get("RED").asLong()).as("the battle map's red").isEqualTo(1);

        Sweeps.sweptOnceCaughtUp(sweep);
        Eventually.until(WAIT, () -> supervisor.get("/api/tasks/" + id).json(),
                t -> t.get("referral").get("overdueRecorded").asBoolean());
        Sweeps.sweptOnceCaughtUp(sweep);
        assertThat(StreamSupport.stream(supervisor.get("/api/tasks/" + id + "/history").json().spliterator(), false)
                .filter(e -> e.get("type").asText().equals("ReferralReportBackOverdue")).count()).isEqualTo(1);
        List<JsonNode> raised = Eventually.until(WAIT, () -> allAlerts("/api/alerts?limit=500&ledger="
                + encoded(ledger)), found -> !found.isEmpty());
        assertThat(raised).extracting(a -> a.get("type").asText() + "/" + a.get("reason").asText() + "/"
                + a.get("colour").asText() + "/" + a.get("subjectId").asText())
                .containsExactly("OVERDUE/REFERRAL_REPORT_BACK_OVERDUE/RED/" + id);
        JsonNode overdue = awaitFigures("PROVINCE", f -> delta(f, before, "received") == 1);
        assertThat(delta(overdue, before, "overdue")).isEqualTo(1);

        assertThat(deptB.post("/api/tasks/" + id + "/referral/report-back", Map.of("outcome", "代为反馈")).status())
                .isEqualTo(403);
        ApiClient.Response reported = deptA.post("/api/tasks/" + id + "/referral/report-back",
                Map.of("outcome", "已完成 3 个村供水管网改造"));
        assertThat(reported.status()).as(reported.body()).isEqualTo(200);
        JsonNode late = reported.json().get("referral");
        assertThat(late.get("status").asText()).isEqualTo("REPORTED_BACK");
        assertThat(late.get("onTime").asBoolean()).isFalse();
        assertThat(late.get("reportedBackOn").asText()).isEqualTo(today().toString());
        assertThat(late.get("overdueRecorded").asBoolean()).isTrue();
        assertThat(reported.json().get("colour").asText()).isEqualTo("BLUE");
        assertThat(deptA.post("/api/tasks/" + id + "/referral/report-back", Map.of("outcome", "再次反馈")).status())
                .as("reported back once").isEqualTo(409);

        JsonNode counted = awaitFigures("PROVINCE", f -> delta(f, before, "late") == 1);
        assertThat(delta(counted, before, "reportedBack")).isEqualTo(1);
        assertThat(delta(counted, before, "onTime")).isZero();
        assertThat(delta(counted, before, "overdue")).isZero();
        JsonNode page = supervisor.get("/api/referrals?level=PROVINCE&limit=500").json();
        assertThat(page.get("items")).filteredOn(i -> i.get("subjectId").asText().equals(id))
                .extracting(i -> i.get("documentNumber").asText() + " " + i.get("standing").asText() + " "
                        + i.get("onTime").asBoolean())
                .containsExactly(documentNumber + " REPORTED_BACK false");
    }

    @Test
    void a_city_referral_of_a_complaint_is_counted_and_reported_back_on_time_and_bad_referrals_are_refused() {
        // the level's figures are the whole JVM's: taken once the classes before this one are projected
        awaitProjectionsCaughtUp();
        JsonNode before = figures("CITY");
        Map<String, Object> complaint = new HashMap<>(Map.of("channel", "HOTLINE_12345", "subject", "供暖不热",
                "content", "小区供暖温度不达标"));
        complaint.put("referral", referral("CITY", "张信转〔2026〕7号", today().plusDays(10)));
        ApiClient.Response received = supervisor.post("/api/complaints", complaint);
        assertThat(received.status()).as(received.body()).isEqualTo(201);
        String id = received.json().get("complaintId").asText();
        JsonNode view = supervisor.get("/api/complaints/" + id).json();
        assertThat(view.get("referredBy").asText()).isEqualTo("CITY");
        assertThat(view.get("referral").get("status").asText()).isEqualTo("AWAITING");
        JsonNode counted = awaitFigures("CITY", f -> delta(f, before, "received") == 1);
        assertThat(delta(counted, before, "awaiting")).isEqualTo(1);

        assertThat(supervisor.post("/api/complaints/" + id + "/assign", Map.of("department", "DEPT-A",
                "dueDate", today().plusDays(5).toString())).status()).isEqualTo(200);
        assertThat(deptA.post("/api/complaints/" + id + "/accept", Map.of()).status()).isEqualTo(200);
        ApiClient.Response reported = deptA.post("/api/complaints/" + id + "/referral/report-back",
                Map.of("outcome", "已协调热力公司整改"));
        assertThat(reported.status()).as(reported.body()).isEqualTo(200);
        assertThat(reported.json().get("referral").get("onTime").asBoolean()).isTrue();
        JsonNode onTime = awaitFigures("CITY", f -> delta(f, before, "onTime") == 1);
        assertThat(delta(onTime, before, "awaiting")).isZero();

        String ledger = uniqueLedger("坏转办台账");
        Map<String, Map<String, Object>> bad = Map.of(
                "referral.reportBackDue", Map.of("level", "PROVINCE", "referringBody", "省委督查室",
                        "documentNumber", "甘督字〔2026〕1号"),
                "referral.documentNumber", Map.of("level", "PROVINCE", "referringBody", "省委督查室",
                        "documentNumber", " ", "reportBackDue", today().toString()));
        bad.forEach((field, referral) -> {
            ApiClient.Response refused = register(ledger, referral);
            assertThat(refused.status()).as(field + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(refused.json().get("field").asText()).isEqualTo(field);
        });
        ApiClient.Response unknownLevel = register(ledger, referral("TOWN", "乡字〔2026〕1号", today()));
        assertThat(unknownLevel.status()).as(unknownLevel.body()).isEqualTo(400);
        assertThat(unknownLevel.body()).contains("referral");
        assertThat(supervisor.get("/api/referrals?level=TOWN").json().get("field").asText()).isEqualTo("level");
        assertThat(supervisor.get(ledgerPath(ledger)).status()).as("nothing registered").isEqualTo(404);
    }
}
