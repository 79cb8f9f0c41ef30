package dev.closeout.application.deadline;

import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskSource;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A due date no command accepts any more, stored by an earlier version or written into the store
 * by hand, must not stop deadline checking for every other item: the index, the views and the
 * ledger take it in, and the next sweep still marks a control task overdue.
 */
class PoisonedDateTest extends IntegrationTest {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    private EventStore eventStore;
    @Autowired
    private DueDateSweep sweep;

    /** Other tests leave overdue items behind: their checks are swept first, so this test's sweep sees only its own. */
    @BeforeEach
    void sweepWhatOthersLeft() {
        Sweeps.sweptOnceCaughtUp(sweep);
    }

    private String storedWithoutChecks(String ledger, LocalDate dueDate) {
        String id = TaskId.generate().value();
        TaskRegistered registered = new TaskRegistered(new TaskId(id), ledger, "手工写入的任务", null, "DEPT-A", List.of(),
                null, TaskSource.SELF_IDENTIFIED, dueDate, Actor.supervisor("supervisor"), null);
        eventStore.publish(new GenericDomainEventMessage<>("Task", id, 0, registered));
        return id;
    }

    private List<String> history(String id) {
        return StreamSupport.stream(supervisor.get("/api/tasks/" + id + "/history").json().spliterator(), false)
                .map(e -> e.get("type").asText()).toList();
    }

    @Test
    void a_task_stored_with_a_date_at_the_end_of_time_does_not_stop_other_tasks_going_overdue() {
        String ledger = uniqueLedger("中毒台账");
        String ancient = storedWithoutChecks(ledger, LocalDate.MIN);
        String distant = storedWithoutChecks(ledger, LocalDate.ofEpochDay(1767139200));
        LocalDate today = LocalDate.now(clock.withZone(CHINA));
        ApiClient.Response control = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "对照任务",
                "leadDepartment", "DEPT-A", "dueDate", today.minusDays(3).toString()));
        assertThat(control.status()).as(control.toString()).isEqualTo(201);
        String controlId = control.json().get("taskId").asText();

        Sweeps.sweptOnceCaughtUp(sweep);

        assertThat(Eventually.until(WAIT, () -> history(controlId), h -> h.contains("TaskWentOverdue")))
                .contains("TaskWentOverdue");
        assertThat(Eventually.until(WAIT, () -> supervisor.get("/api/tasks/" + controlId).json(),
                t -> "RED".equals(t.get("colour").asText())).get("colour").asText()).isEqualTo("RED");
        assertThat(Eventually.until(WAIT, () -> history(ancient), h -> h.contains("TaskWentOverdue")))
                .contains("TaskWentOverdue");

        ApiClient.Response far = supervisor.get("/api/tasks/" + distant);
        assertThat(far.status()).as(far.toString()).isEqualTo(200);
        assertThat(far.json().get("colour").asText()).isEqualTo("BLUE");
        ApiClient.Response ledgerFigures = Eventually.until(WAIT, () -> supervisor.get(ledgerPath(ledger)),
                r -> r.status() == 200 && r.json().get("registered").asLong() == 3);
        assertThat(ledgerFigures.json().get("registered").asLong()).isEqualTo(3);
        assertThat(supervisor.get(ledgerPath(ledger) + "/entries.csv").status()).isEqualTo(200);
    }
}
