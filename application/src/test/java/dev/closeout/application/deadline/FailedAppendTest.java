package dev.closeout.application.deadline;

import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskCommand.RegisterTask;
import dev.closeout.domain.task.TaskId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An append that fails after its global index was handed out (here a registration retried under
 * its Idempotency-Key, refused by the event store's unique key) leaves an index that never holds an
 * event. The processors' tokens keep it as a gap for a long time, while the event store's head soon
 * moves past it (the head counts only its last batch of indexes as appends in flight); the sweep must
 * not take that gap for an event the due-date index has yet to see, or it would be postponed until
 * the gap is forgotten.
 */
class FailedAppendTest extends IntegrationTest {

    @Autowired
    private DueDateSweep sweep;
    @Autowired
    private CommandGateway commands;

    @Test
    void an_index_left_empty_by_a_failed_append_does_not_hold_the_sweep_back() {
        Map<String, Object> body = Map.of("ledger", uniqueLedger("缺口台账"), "title", "任务", "leadDepartment", "DEPT-A",
                "dueDate", "2026-06-30");
        Map<String, String> key = Map.of("Idempotency-Key", "gap-" + uniqueLedger("k").replace(' ', '-'));
        assertThat(supervisor.post("/api/tasks", body, key).status()).isEqualTo(201);
        long before = storedEvents();
        ApiClient.Response retry = supervisor.post("/api/tasks", body, key);
        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(storedEvents()).isEqualTo(before);
        // more events than the head token's window of in-flight appends
        for (int i = 0; i < 120; i++) {
            commands.sendAndWait(new RegisterTask(TaskId.generate(), uniqueLedger("缺口台账"), "任务 " + i, null, "DEPT-A",
                    List.of(), null, null, LocalDate.of(2026, 6, 30), Actor.supervisor("supervisor"), null));
        }

        // A sweep may still be postponed by an event stored between the two looks at the index, so it is tried
        // again; all within 30 s, well before the gap's timeout (60 s) would let the index forget it.
        DueDateSweep.Result result = Eventually.until(Duration.ofSeconds(30), () -> {
            Eventually.until(Duration.ofSeconds(30), sweep::indexCaughtUp, caughtUp -> caughtUp);
            return sweep.sweep();
        }, DueDateSweep.Result::swept);
        assertThat(result.swept()).isTrue();
    }
}
