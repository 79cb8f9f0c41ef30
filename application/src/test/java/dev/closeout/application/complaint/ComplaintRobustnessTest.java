package dev.closeout.application.complaint;

import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.complaint.ComplaintCommand.ConvertComplaintToTask;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.domain.task.TaskId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ComplaintRobustnessTest extends IntegrationTest {

    @Autowired
    CommandGateway commands;
    @Autowired
    EventStore eventStore;

    private String assignedToDeptA() {
        String id = supervisor.post("/api/complaints", Map.of("channel", "ONLINE", "subject", "噪音扰民",
                "content", "夜间施工噪音")).json().get("complaintId").asText();
        supervisor.post("/api/complaints/" + id + "/assign", Map.of("department", "DEPT-A",
                "dueDate", today().plusDays(5).toString()));
        return id;
    }

    @Test
    void a_conversion_gets_its_task_from_the_event_alone() throws Exception {
        String id = assignedToDeptA();
        TaskId taskId = TaskId.generate();
        // As if the API had crashed right after the conversion: only the command is sent.
        commands.sendAndWait(new ConvertComplaintToTask(new ComplaintId(id), taskId, uniqueLedger("整改台账"), null,
                null, today().plusDays(30), Actor.supervisor("supervisor")));

        Eventually.until(Duration.ofSeconds(60), () -> eventStore.lastSequenceNumberFor(taskId.value()),
                Optional::isPresent);
        var registered = supervisor.get("/api/tasks/" + taskId.value() + "/history").json();
        assertThat(registered.size()).isEqualTo(1);
        assertThat(registered.get(0).get("complaintId").asText()).isEqualTo(id);
        assertThat(registered.get(0).get("source").asText()).isEqualTo("COMPLAINT");
        assertThat(registered.get(0).get("leadDepartment").asText()).isEqualTo("DEPT-A");
    }

    @Test
    void a_complaint_with_a_long_history_is_snapshotted_and_still_obeys_its_rules() {
        String id = assignedToDeptA();
        String path = "/api/complaints/" + id;
        for (int i = 1; i <= 110; i++) {
            assertThat(supervisor.post(path + "/escalate", Map.of("level", "催办", "reason", "第" + i + "次催办"))
                    .status()).isEqualTo(200);
        }
        assertThat(database.getCollection("snapshots").countDocuments(new Document("_id", id)))
                .as("snapshot stored").isEqualTo(1);
        long before = storedEvents();
        ComplaintApiTest.assertProblem(deptB.post(path + "/accept"), 403);
        ComplaintApiTest.assertProblem(deptA.post(path + "/reply", Map.of("content", "c")), 409);
        assertThat(storedEvents()).isEqualTo(before);
        assertThat(deptA.post(path + "/accept").json().get("status").asText()).isEqualTo("ACCEPTED");
    }
}
