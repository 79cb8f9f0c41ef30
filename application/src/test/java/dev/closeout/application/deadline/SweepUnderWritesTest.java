package dev.closeout.application.deadline;

import dev.closeout.application.support.ApiClient.Response;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweep waits for the due-date index to catch up with the event store; a steady stream of
 * commands keeps the store's head moving, and must not keep the sweep from running within its interval.
 */
class SweepUnderWritesTest extends IntegrationTest {

    private static final Duration INTERVAL = Duration.ofSeconds(15);

    @Autowired
    private SweepTrigger trigger;
    @Autowired
    private DueDateSweep sweep;

    /**
     * Other tests leave overdue items behind: their checks are swept first, so that the timed sweep checks only
     * this test's, and its time is the wait for the index under writes, not the work of the tests before.
     */
    @BeforeEach
    void sweepWhatOthersLeft() {
        Sweeps.sweptOnceCaughtUp(sweep);
    }

    @Test
    void a_sweep_runs_within_its_interval_while_commands_keep_arriving() throws Exception {
        String ledger = uniqueLedger("Sweep under writes");
        String late = register(ledger, "逾期", today().minusDays(3));
        List<String> busy = List.of(register(ledger, "忙碌 1", today().plusDays(60)),
                register(ledger, "忙碌 2", today().plusDays(60)));
        busy.forEach(id -> assertThat(deptA.post("/api/tasks/" + id + "/claim").status()).isEqualTo(200));

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(busy.size());
        try {
            for (String id : busy) {
                writers.submit(() -> {
                    for (int percent = 0; writing.get(); percent = (percent + 1) % 100) {
                        if (deptA.post("/api/tasks/" + id + "/progress",
                                Map.of("note", "进展", "percentComplete", percent)).status() == 200) {
                            written.incrementAndGet();
                        }
                    }
                });
            }
            Eventually.until(Duration.ofSeconds(30), written::get, count -> count >= 10);

            Instant started = clock.instant();
            int writtenBefore = written.get();
            DueDateSweep.Result result = trigger.sweepWithin(INTERVAL);
            Duration took = Duration.between(started, clock.instant());

            // sweepWithin tries again only while the interval lasts: a sweep that swept began within it, though
            // the try that swept may end after it on a loaded machine (an elapsed-time assertion was luck)
            assertThat(result.swept()).as("swept after %s", took).isTrue();
            // the writers stored commands before the sweep began and go on storing them after it
            // ended, so the store's head kept moving the whole time (a quick sweep may see none
            // land while it runs: that is not the point)
            Eventually.until(Duration.ofSeconds(30), written::get, count -> count > writtenBefore);
        } finally {
            writing.set(false);
            writers.shutdown();
            // a progress report still in flight would land in the next test's counts of stored events
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).as("the writers stopped").isTrue();
        }
        assertThat(Eventually.until(Duration.ofSeconds(30), () -> history(late), h -> h.contains("TaskWentOverdue")))
                .containsOnlyOnce("TaskWentOverdue");
    }

    private String register(String ledger, String title, java.time.LocalDate dueDate) {
        Response created = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", title,
                "leadDepartment", "DEPT-A", "dueDate", dueDate.toString()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("taskId").asText();
    }

    private List<String> history(String id) {
        return StreamSupport.stream(supervisor.get("/api/tasks/" + id + "/history").json().spliterator(), false)
                .map(e -> e.get("type").asText()).toList();
    }
}
