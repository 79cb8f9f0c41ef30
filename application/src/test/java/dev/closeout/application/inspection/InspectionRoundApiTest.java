package dev.closeout.application.inspection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import dev.closeout.application.support.ApiClient.Response;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.infrastructure.readmodel.ReadYourWrites;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An inspection round over HTTP: "对35个单位开展督导检查，推动并解决问题11个" (Zhangye), at the scale of a
 * test. Findings become tasks in one step, the report counts what their tasks' closing rectified.
 */
class InspectionRoundApiTest extends IntegrationTest {

    @Autowired
    @Qualifier("eventSerializer")
    private Serializer eventSerializer;
    @Autowired
    private ReadYourWrites readYourWrites;

    private String open(String ledger) {
        Response opened = supervisor.post("/api/inspection-rounds", Map.of("kind", "FIELD", "title", "二季度实地督查",
                "units", List.of("DEPT-A", "DEPT-B", "县医院"), "ledger", ledger));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        return opened.json().get("roundId").asText();
    }

    private String finding(String round, String unit, String description) {
        Response found = supervisor.post("/api/inspection-rounds/" + round + "/findings",
                Map.of("unit", unit, "description", description));
        assertThat(found.status()).as(found.toString()).isEqualTo(201);
        return found.json().get("findingId").asText();
    }

    private Response convert(String round, String finding) {
        return supervisor.post("/api/inspection-rounds/" + round + "/findings/" + finding + "/convert",
                Map.of("dueDate", today().plusDays(30).toString()));
    }

    private JsonNode figures(String round) {
        return supervisor.get("/api/inspection-rounds/" + round).json().get("figures");
    }

    /**
     * A finding sent again under its Idempotency-Key is recorded once; the same key with another finding is refused
     * naming the header, as a registration's is, and records nothing (it was answered 201 with the first finding's id).
     */
    @Test
    void a_findings_idempotency_key_records_it_once_and_refuses_another_finding_under_it() {
        String round = open(uniqueLedger("督查台账 key"));
        Map<String, String> key = Map.of("Idempotency-Key", "finding-" + round);
        Map<String, Object> body = Map.of("unit", "DEPT-A", "description", "台账资料不全");

        Response first = supervisor.post("/api/inspection-rounds/" + round + "/findings", body, key);
        Response again = supervisor.post("/api/inspection-rounds/" + round + "/findings", body, key);
        long before = storedEvents();
        Response other = supervisor.post("/api/inspection-rounds/" + round + "/findings",
                Map.of("unit", "DEPT-B", "description", "整改不到位"), key);

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("findingId").asText()).isEqualTo(first.json().get("findingId").asText());
        assertThat(other.status()).as(other.toString()).isEqualTo(400);
        assertThat(other.json().get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a_rounds_view_tells_a_waiting_request_when_it_has_taken_in_the_rounds_event() {
        String round = open(uniqueLedger("督查整改台账"));
        finding(round, "DEPT-A", "老旧小区加装电梯进度滞后");

        // the round's view, not a poll, ends a command's wait: its projection tells of each event of the round
        await().atMost(30, TimeUnit.SECONDS).until(() -> readYourWrites.lastFolded(round) == 1);
    }

    @Test
    void findings_become_tasks_and_the_report_counts_a_closed_one_rectified_and_the_other_open() {
        String ledger = uniqueLedger("督查整改台账");
        String round = open(ledger);
        String lift = finding(round, "DEPT-A", "老旧小区加装电梯进度滞后");
        String roads = finding(round, "DEPT-B", "村组道路施工未按时序推进");
        assertThat(supervisor.post("/api/inspection-rounds/" + round + "/units/DEPT-A/inspected").status())
                .isEqualTo(200);
        assertThat(supervisor.post("/api/inspection-rounds/" + round + "/units/DEPT-B/inspected").status())
                .isEqualTo(200);

        Response liftTask = convert(round, lift);
        assertThat(liftTask.status()).as(liftTask.toString()).isEqualTo(201);
        String liftTaskId = liftTask.json().get("taskId").asText();
        String roadsTaskId = convert(round, roads).json().get("taskId").asText();

        JsonNode task = supervisor.get("/api/tasks/" + liftTaskId).json();
        assertThat(task.get("source").asText()).isEqualTo("INSPECTION");
        assertThat(task.get("ledger").asText()).isEqualTo(ledger);
        assertThat(task.get("leadDepartment").asText()).isEqualTo("DEPT-A");
        assertThat(task.get("inspection").get("roundId").asText()).isEqualTo(round);
        assertThat(task.get("inspection").get("findingId").asText()).isEqualTo(lift);
        JsonNode registered = supervisor.get("/api/tasks/" + liftTaskId + "/history").json().get(0);
        assertThat(registered.get("inspection").get("findingId").asText()).isEqualTo(lift);

        String path = "/api/tasks/" + liftTaskId;
        assertThat(deptA.post(path + "/claim").status()).isEqualTo(200);
        assertThat(deptA.post(path + "/closure-request", Map.of("evidence", "电梯已投用")).status()).isEqualTo(200);
        assertThat(supervisor.post(path + "/close").status()).isEqualTo(200);
        assertThat(supervisor.post("/api/inspection-rounds/" + round + "/close").status()).isEqualTo(200);

        JsonNode figures = Eventually.until(Duration.ofSeconds(30), () -> figures(round),
                f -> f.get("rectified").asInt() == 1);
        assertThat(figures.get("unitsToInspect").asInt()).isEqualTo(3);
        assertThat(figures.get("unitsInspected").asInt()).isEqualTo(2);
        assertThat(figures.get("problemsFound").asInt()).isEqualTo(2);
        assertThat(figures.get("convertedToTasks").asInt()).isEqualTo(2);
        assertThat(figures.get("rectified").asInt()).isEqualTo(1);
        assertThat(figures.get("stillOpen").asInt()).isEqualTo(1);
        JsonNode report = supervisor.get("/api/inspection-rounds/" + round).json();
        assertThat(report.get("status").asText()).isEqualTo("CLOSED");
        assertThat(report.get("findings").findValuesAsText("taskId")).containsExactly(liftTaskId, roadsTaskId);
        assertThat(auditor.get("/api/inspection-rounds").json().findValuesAsText("roundId")).contains(round);
        JsonNode history = auditor.get("/api/inspection-rounds/" + round + "/history").json();
        assertThat(history.findValuesAsText("type")).containsExactly("RoundOpened", "FindingRecorded",
                "FindingRecorded", "UnitInspected", "UnitInspected", "FindingConvertedToTask", "FindingConvertedToTask",
                "RoundClosed");
        assertThat(history.get(5).get("findingId").asText()).isEqualTo(lift);
        assertThat(history.get(5).get("taskId").asText()).isEqualTo(liftTaskId);
    }

    @Test
    void a_task_reopened_by_a_later_check_counts_its_problem_open_again() {
        String round = open(uniqueLedger("督查整改台账"));
        String taskId = convert(round, finding(round, "DEPT-A", "整改资料不全")).json().get("taskId").asText();
        String path = "/api/tasks/" + taskId;
        deptA.post(path + "/claim");
        deptA.post(path + "/closure-request", Map.of("evidence", "资料已补齐"));
        assertThat(supervisor.post(path + "/close").status()).isEqualTo(200);
        Eventually.until(Duration.ofSeconds(30), () -> figures(round), f -> f.get("rectified").asInt() == 1);

        assertThat(supervisor.post(path + "/reopen", Map.of("reason", "回头看发现仍未整改到位")).status()).isEqualTo(200);

        JsonNode figures = Eventually.until(Duration.ofSeconds(30), () -> figures(round),
                f -> f.get("rectified").asInt() == 0);
        assertThat(figures.get("stillOpen").asInt()).isEqualTo(1);
    }

    @Test
    void converting_a_finding_again_answers_the_same_task_and_registers_no_second() {
        String round = open(uniqueLedger("督查整改台账"));
        String finding = finding(round, "县医院", "医保刷脸结算未上线");
        long before = storedEvents();

        String first = convert(round, finding).json().get("taskId").asText();
        Response retry = convert(round, finding);

        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.json().get("taskId").asText()).isEqualTo(first);
        assertThat(database.getCollection("events").countDocuments(new Document("aggregateIdentifier", first)))
                .isEqualTo(1);
        // The conversion and the task's registration, once each.
        assertThat(storedEvents() - before).isEqualTo(2);
        assertThat(supervisor.get("/api/tasks/" + first).json().get("leadDepartment").asText()).isEqualTo("县医院");
    }

    @Test
    void bad_input_is_refused_naming_the_field_and_records_nothing() {
        String round = open(uniqueLedger("督查整改台账"));
        long before = storedEvents();

        Response noUnits = supervisor.post("/api/inspection-rounds", Map.of("kind", "SPECIAL", "title", "专项督查",
                "units", List.of()));
        Response noKind = supervisor.post("/api/inspection-rounds", Map.of("title", "专项督查", "units", List.of("A")));
        Response unlisted = supervisor.post("/api/inspection-rounds/" + round + "/findings",
                Map.of("unit", "DEPT-Z", "description", "台账不全"));
        Response noDueDate = supervisor.post("/api/inspection-rounds/" + round + "/findings/"
                + finding(round, "DEPT-A", "台账不全") + "/convert", Map.of());

        for (var refused : Map.of("units", noUnits, "kind", noKind, "unit", unlisted, "dueDate", noDueDate).entrySet()) {
            Response answer = refused.getValue();
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
            assertThat(answer.json().get("field").asText()).as(answer.toString()).isEqualTo(refused.getKey());
        }
        // The one finding recorded on purpose, nothing else.
        assertThat(storedEvents() - before).isEqualTo(1);
    }

    @Test
    void a_department_may_neither_read_nor_open_a_round() {
        String round = open(uniqueLedger("督查整改台账"));

        assertThat(deptA.get("/api/inspection-rounds/" + round).status()).isEqualTo(403);
        assertThat(deptA.get("/api/inspection-rounds").status()).isEqualTo(403);
        Response opened = deptA.post("/api/inspection-rounds", Map.of("kind", "SPECIAL", "title", "自查",
                "units", List.of("DEPT-A")));
        assertThat(opened.status()).isEqualTo(403);
        assertThat(opened.contentType()).isEqualTo("application/problem+json");
        assertThat(auditor.post("/api/inspection-rounds/" + round + "/close").status()).isEqualTo(403);
    }

    @Test
    void a_registration_stored_before_inspection_links_existed_reads_back_with_none() {
        String stored = "{\"taskId\":{\"value\":\"road-g312\"},\"ledger\":\"2023 攻坚任务台账\",\"title\":\"国道312改建\","
                + "\"leadDepartment\":\"TRANSPORT\",\"supportingDepartments\":[],\"source\":\"SELF_IDENTIFIED\","
                + "\"dueDate\":\"2023-12-31\",\"actor\":{\"user\":\"zhang.wei\",\"role\":\"SUPERVISOR\"}}";

        TaskRegistered event = eventSerializer.deserialize(new SimpleSerializedObject<>(stored, String.class,
                TaskRegistered.class.getName(), null));

        assertThat(event.title()).isEqualTo("国道312改建");
        assertThat(event.complaintId()).isNull();
        assertThat(event.inspection()).isNull();
    }
}
