package dev.closeout.application.complaint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient.Response;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.TestClock;
import dev.closeout.application.web.IdempotencyKey;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.complaint.ComplaintCommand.ConvertComplaintToTask;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.domain.task.TaskId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.closeout.application.complaint.ComplaintApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code POST /api/complaints} and {@code POST /api/complaints/{id}/convert-to-task} with and without an {@code Idempotency-Key}. */
class ComplaintIdempotencyTest extends IntegrationTest {

    /** Fifteen days after the test clock's first day: the suite runs within that day. */
    private static final String DUE = TestClock.firstDay().plusDays(15).toString();

    @Autowired
    private CommandGateway commands;

    private String assignedToDeptA() {
        Response created = supervisor.post("/api/complaints", Map.of("channel", "HOTLINE_12345",
                "subject", "小区路灯不亮", "content", "东关小区三号楼前路灯已坏两周"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("complaintId").asText();
        supervisor.post("/api/complaints/" + id + "/assign", Map.of("department", "DEPT-A", "dueDate", DUE));
        return id;
    }

    private Response convert(String complaintId, String ledger, String key) {
        return supervisor.post("/api/complaints/" + complaintId + "/convert-to-task",
                Map.of("ledger", ledger, "dueDate", DUE), key == null ? Map.of() : Map.of("Idempotency-Key", key));
    }

    private static Response created(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response;
    }

    private List<String> conversionsOf(String complaintId) {
        List<String> taskIds = new ArrayList<>();
        for (JsonNode entry : supervisor.get("/api/complaints/" + complaintId + "/history").json()) {
            if (entry.get("type").asText().equals("ComplaintConvertedToTask")) {
                taskIds.add(entry.get("taskId").asText());
            }
        }
        return taskIds;
    }

    private long storedEventsOf(String aggregateId) {
        return database.getCollection("events").countDocuments(new org.bson.Document("aggregateIdentifier",
                aggregateId));
    }

    /**
     * The 12345 platform retries its ticket after a timeout: under the same key the first complaint answers, received
     * once (not counted twice, chased twice); the same key with another ticket is refused naming the header, and
     * without a key every request is a complaint of its own.
     */
    @Test
    void a_receipt_retried_under_its_key_is_received_once_and_the_key_with_another_ticket_is_refused() {
        String key = "12345-ticket-" + UUID.randomUUID();
        Map<String, Object> ticket = Map.of("channel", "HOTLINE_12345", "subject", "供水中断",
                "content", "城关镇和平街停水两天", "receivedAt", "2026-03-11T01:30:00Z");
        Response first = created(supervisor.post("/api/complaints", ticket, Map.of("Idempotency-Key", key)));
        Response again = created(supervisor.post("/api/complaints", ticket, Map.of("Idempotency-Key", key)));
        String id = first.json().get("complaintId").asText();
        assertThat(again.json().get("complaintId").asText()).isEqualTo(id);
        assertThat(storedEventsOf(id)).isEqualTo(1);

        Map<String, Object> other = new java.util.HashMap<>(ticket);
        other.put("content", "城关镇和平街停水三天");
        Response refused = supervisor.post("/api/complaints", other, Map.of("Idempotency-Key", key));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(storedEventsOf(id)).isEqualTo(1);

        String withoutKey = created(supervisor.post("/api/complaints", ticket)).json().get("complaintId").asText();
        assertThat(withoutKey).isNotEqualTo(id);
    }

    /** A platform whose clock runs ahead: its ticket is recorded as received now, and its retry is the same ticket. */
    @Test
    void a_ticket_received_a_little_ahead_of_the_clock_and_retried_is_received_once() {
        String key = "12345-ahead-" + UUID.randomUUID();
        Map<String, Object> ticket = Map.of("channel", "HOTLINE_12345", "subject", "路面塌陷",
                "content", "和平街与东关路交叉口路面塌陷", "receivedAt", clock.instant().plusSeconds(120).toString());
        String id = created(supervisor.post("/api/complaints", ticket, Map.of("Idempotency-Key", key)))
                .json().get("complaintId").asText();
        Response again = supervisor.post("/api/complaints", ticket, Map.of("Idempotency-Key", key));
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.json().get("complaintId").asText()).isEqualTo(id);
        assertThat(storedEventsOf(id)).isEqualTo(1);
    }

    @Test
    void a_retry_with_the_same_key_answers_the_first_task_and_converts_the_complaint_only_once() {
        String id = assignedToDeptA();
        String ledger = uniqueLedger("信访问题整改台账");
        Response first = created(convert(id, ledger, "retry-7f3a"));
        long eventsAfterFirst = storedEvents();
        Response retry = created(convert(id, ledger, "retry-7f3a"));

        String taskId = first.json().get("taskId").asText();
        assertThat(retry.json().get("taskId").asText()).isEqualTo(taskId);
        assertThat(retry.json().get("complaintId").asText()).isEqualTo(id);
        assertThat(retry.header("Location")).isEqualTo(first.header("Location")).endsWith("/api/tasks/" + taskId);
        assertThat(conversionsOf(id)).containsExactly(taskId);
        assertThat(storedEventsOf(taskId)).isEqualTo(1);
        assertThat(storedEvents()).isEqualTo(eventsAfterFirst);
        assertThat(supervisor.get("/api/tasks/" + taskId).json().get("source").asText()).isEqualTo("COMPLAINT");
    }

    @Test
    void the_key_with_another_ledger_or_lead_department_is_refused_naming_the_header_and_converts_nothing() {
        String id = assignedToDeptA();
        String ledger = uniqueLedger("信访问题整改台账");
        String taskId = created(convert(id, ledger, "reused-key")).json().get("taskId").asText();
        long eventsAfterFirst = storedEvents();

        for (Map<String, Object> other : List.<Map<String, Object>>of(
                Map.of("ledger", uniqueLedger("另一台账"), "dueDate", DUE),
                Map.of("ledger", ledger, "dueDate", DUE, "leadDepartment", "DEPT-B"),
                Map.of("ledger", ledger, "dueDate", LocalDate.parse(DUE).plusDays(1).toString()))) {
            Response refused = supervisor.post("/api/complaints/" + id + "/convert-to-task", other,
                    Map.of("Idempotency-Key", "reused-key"));
            assertProblem(refused, 400);
            assertThat(refused.json().get("field").asText()).as(other.toString()).isEqualTo("Idempotency-Key");
        }
        assertThat(storedEvents()).isEqualTo(eventsAfterFirst);
        assertThat(conversionsOf(id)).containsExactly(taskId);
        // the retry naming what the first attempt resolved is the same conversion
        assertThat(created(supervisor.post("/api/complaints/" + id + "/convert-to-task", Map.of("ledger", ledger,
                "dueDate", DUE, "leadDepartment", "DEPT-A", "title", "小区路灯不亮"), Map.of("Idempotency-Key",
                "reused-key"))).json().get("taskId").asText()).isEqualTo(taskId);
    }

    @Test
    void the_key_written_as_a_structured_field_string_is_the_same_key_as_the_bare_token() {
        String id = assignedToDeptA();
        String ledger = uniqueLedger("信访问题整改台账");
        String taskId = created(convert(id, ledger, "order-42")).json().get("taskId").asText();

        assertThat(created(convert(id, ledger, "\"order-42\"")).json().get("taskId").asText()).isEqualTo(taskId);
        assertThat(conversionsOf(id)).containsExactly(taskId);
    }

    @Test
    void two_different_keys_convert_the_complaint_into_two_tasks() {
        String id = assignedToDeptA();
        String ledger = uniqueLedger("信访问题整改台账");
        String one = created(convert(id, ledger, "first-key")).json().get("taskId").asText();
        String two = created(convert(id, ledger, "second-key")).json().get("taskId").asText();

        assertThat(one).isNotEqualTo(two);
        assertThat(conversionsOf(id)).containsExactly(one, two);
        assertThat(storedEventsOf(one)).isEqualTo(1);
        assertThat(storedEventsOf(two)).isEqualTo(1);
    }

    @Test
    void the_same_key_on_two_complaints_converts_each_into_its_own_task() {
        String ledger = uniqueLedger("信访问题整改台账");
        String one = created(convert(assignedToDeptA(), ledger, "shared-key")).json().get("taskId").asText();
        String two = created(convert(assignedToDeptA(), ledger, "shared-key")).json().get("taskId").asText();

        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void without_a_key_every_request_converts_the_complaint_into_a_new_task_as_before() {
        String id = assignedToDeptA();
        String ledger = uniqueLedger("信访问题整改台账");
        String one = created(convert(id, ledger, null)).json().get("taskId").asText();
        String two = created(convert(id, ledger, null)).json().get("taskId").asText();

        assertThat(one).isNotEqualTo(two);
        assertThat(conversionsOf(id)).containsExactly(one, two);
    }

    @Test
    void a_key_that_is_empty_too_long_or_not_visible_ascii_is_a_bad_request_naming_the_header_and_stores_nothing() {
        String id = assignedToDeptA();
        String ledger = uniqueLedger("信访问题整改台账");
        long before = storedEvents();
        // A tab stands in for other invisible characters; the JDK client sends no non-ASCII header (see below).
        for (String bad : List.of("", "two words", "tab\there", "k".repeat(256))) {
            Response response = convert(id, ledger, bad);
            assertProblem(response, 400);
            assertThat(response.json().get("field").asText()).as(bad).isEqualTo("Idempotency-Key");
        }
        assertThat(created(convert(id, ledger, "k".repeat(255))).status()).isEqualTo(201);
        assertThat(storedEvents()).isEqualTo(before + 2);
    }

    @Test
    void a_key_with_a_character_beyond_ascii_is_refused_naming_the_header() {
        // The JDK's HTTP client turns such a character into '?' before sending, so this is checked directly.
        assertThatThrownBy(() -> IdempotencyKey.of("café")).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("Idempotency-Key ");
    }

    @Test
    void a_retry_after_the_first_attempt_died_answers_its_task_registered_once() {
        String id = assignedToDeptA();
        String ledger = uniqueLedger("信访问题整改台账");
        // The first attempt, as far as it got: the complaint is converted, the task not yet registered.
        TaskId taskId = new IdempotencyKey("died-midway").taskIdFor(new ComplaintId(id), "supervisor");
        commands.sendAndWait(new ConvertComplaintToTask(new ComplaintId(id), taskId, ledger, null, null,
                LocalDate.parse(DUE), Actor.supervisor("supervisor")));

        Response retry = created(convert(id, ledger, "died-midway"));

        assertThat(retry.json().get("taskId").asText()).isEqualTo(taskId.value());
        assertThat(supervisor.get("/api/tasks/" + taskId.value()).status()).isEqualTo(200);
        assertThat(storedEventsOf(taskId.value())).isEqualTo(1);
        assertThat(conversionsOf(id)).containsExactly(taskId.value());
    }

    @Test
    void a_department_replaying_a_supervisors_key_is_still_forbidden() {
        String id = assignedToDeptA();
        String ledger = uniqueLedger("信访问题整改台账");
        created(convert(id, ledger, "supervisor-key"));

        assertProblem(deptA.post("/api/complaints/" + id + "/convert-to-task", Map.of("ledger", ledger, "dueDate",
                DUE), Map.of("Idempotency-Key", "supervisor-key")), 403);
    }
}
