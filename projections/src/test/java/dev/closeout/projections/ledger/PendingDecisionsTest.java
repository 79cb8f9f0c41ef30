package dev.closeout.projections.ledger;

import com.mongodb.client.MongoDatabase;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskEvent.TaskClaimed;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskClosureRequested;
import dev.closeout.domain.task.TaskEvent.TaskExtensionApproved;
import dev.closeout.domain.task.TaskEvent.TaskExtensionRejected;
import dev.closeout.domain.task.TaskEvent.TaskExtensionRequested;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskEvent.TaskReturned;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.projections.support.EmbeddedMongo;
import dev.closeout.projections.support.OfficeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** What the supervisor desk lists as waiting on a decision, read from the ledgers' lines. */
class PendingDecisionsTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant NOW = Instant.parse("2025-05-20T02:00:00Z");
    private static final Actor SUPERVISOR = Actor.supervisor("s");
    private static final Actor DEPT = Actor.department("d", "DEPT-A");

    private EmbeddedMongo mongo;
    private LedgerProjection projection;
    private PendingDecisions pending;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo();
        MongoDatabase database = mongo.database("pending");
        projection = new LedgerProjection(database, new OfficeZone(ZONE));
        pending = new PendingDecisions(database);
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private void register(String id, String ledger, LocalDate due) {
        projection.on(new TaskRegistered(new TaskId(id), ledger, "任务", null, "DEPT-A", List.of(), null,
                TaskSource.SELF_IDENTIFIED, due, SUPERVISOR, null), 0, NOW);
        projection.on(new TaskClaimed(new TaskId(id), DEPT), 1, NOW);
    }

    @Test
    void closure_and_extension_requests_of_every_ledger_wait_until_decided() {
        register("t-closure", "台账甲", LocalDate.of(2025, 7, 1));
        register("t-extension", "台账乙", LocalDate.of(2025, 6, 1));
        register("t-both", "台账乙", LocalDate.of(2025, 6, 15));
        register("t-quiet", "台账甲", LocalDate.of(2025, 5, 30));
        projection.on(new TaskClosureRequested(new TaskId("t-closure"), "已完成", DEPT), 2, NOW);
        projection.on(new TaskExtensionRequested(new TaskId("t-extension"), LocalDate.of(2025, 8, 1), "材料未到",
                DEPT), 2, NOW);
        projection.on(new TaskExtensionRequested(new TaskId("t-both"), LocalDate.of(2025, 8, 1), "天气", DEPT), 2, NOW);
        projection.on(new TaskClosureRequested(new TaskId("t-both"), "已完成", DEPT), 3, NOW);

        assertThat(pending.all()).extracting(PendingDecisions.Entry::taskId, PendingDecisions.Entry::ledger,
                        PendingDecisions.Entry::closureRequested, PendingDecisions.Entry::extensionRequested)
                .containsExactly(tuple("t-extension", "台账乙", false, true), tuple("t-both", "台账乙", true, true),
                        tuple("t-closure", "台账甲", true, false));

        projection.on(new TaskExtensionApproved(new TaskId("t-extension"), LocalDate.of(2025, 6, 1),
                LocalDate.of(2025, 8, 1), SUPERVISOR), 3, NOW);
        projection.on(new TaskExtensionRejected(new TaskId("t-both"), LocalDate.of(2025, 8, 1), "不予延期",
                SUPERVISOR), 4, NOW);
        projection.on(new TaskReturned(new TaskId("t-both"), "佐证不足", SUPERVISOR), 5, NOW);
        projection.on(new TaskClosed(new TaskId("t-closure"), SUPERVISOR), 3, NOW);

        assertThat(pending.all()).isEmpty();
    }

    @Test
    void a_closed_task_leaves_no_extension_waiting() {
        register("t-lapsed", "台账丙", LocalDate.of(2025, 7, 1));
        projection.on(new TaskExtensionRequested(new TaskId("t-lapsed"), LocalDate.of(2025, 9, 1), "材料未到", DEPT),
                2, NOW);
        projection.on(new TaskClosed(new TaskId("t-lapsed"), SUPERVISOR), 3, NOW);

        assertThat(pending.all()).isEmpty();
    }
}
