package dev.closeout.projections.inspection;

import com.mongodb.client.MongoDatabase;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.inspection.FindingId;
import dev.closeout.domain.inspection.InspectionEvent.FindingConvertedToTask;
import dev.closeout.domain.inspection.InspectionEvent.FindingRecorded;
import dev.closeout.domain.inspection.InspectionEvent.RoundOpened;
import dev.closeout.domain.inspection.InspectionEvent.UnitInspected;
import dev.closeout.domain.inspection.InspectionKind;
import dev.closeout.domain.inspection.InspectionRoundId;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskReopened;
import dev.closeout.domain.task.TaskId;
import dev.closeout.projections.support.EmbeddedMongo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The inspection rounds' read model, fed events directly as its processor would, redeliveries included. */
class InspectionRoundProjectionTest {

    private static final Instant NOW = Instant.parse("2023-04-07T01:44:00Z");
    private static final Actor SUPERVISOR = Actor.supervisor("s");
    private static final InspectionRoundId ROUND = new InspectionRoundId("round-1");
    private static final FindingId FINDING = new FindingId("f-1");
    private static final TaskId TASK = FINDING.taskIdIn(ROUND);

    private EmbeddedMongo mongo;
    private MongoDatabase database;
    private InspectionRoundProjection projection;
    private InspectionRounds rounds;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo();
        database = mongo.database("inspection");
        projection = new InspectionRoundProjection(database);
        rounds = new InspectionRounds(database);
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private void openWithAConvertedFinding() {
        projection.on(new RoundOpened(ROUND, InspectionKind.FIELD, "实地督查", List.of("DEPT-A", "DEPT-B"), "台账",
                SUPERVISOR), 0, NOW);
        projection.on(new FindingRecorded(ROUND, FINDING, "DEPT-A", "进度滞后", SUPERVISOR), 1, NOW);
        projection.on(new UnitInspected(ROUND, "DEPT-A", SUPERVISOR), 2, NOW);
        projection.on(new FindingConvertedToTask(ROUND, FINDING, TASK, "台账", "DEPT-A：进度滞后", "DEPT-A",
                LocalDate.of(2023, 6, 30), SUPERVISOR), 3, NOW);
    }

    private InspectionReport.Figures figures() {
        return rounds.report(ROUND.value()).orElseThrow().figures();
    }

    @Test
    void events_delivered_twice_are_folded_in_once_and_the_round_is_listed_once() {
        openWithAConvertedFinding();
        openWithAConvertedFinding();

        assertThat(rounds.reports()).hasSize(1);
        assertThat(figures()).isEqualTo(new InspectionReport.Figures(2, 1, 1, 1, 0, 1));
    }

    @Test
    void the_findings_task_closed_counts_rectified_and_reopened_counts_open_again() {
        openWithAConvertedFinding();

        projection.on(new TaskClosed(TASK, SUPERVISOR));
        assertThat(figures().rectified()).isEqualTo(1);
        assertThat(rounds.report(ROUND.value()).orElseThrow().findings().get(0).rectified()).isTrue();

        projection.on(new TaskReopened(TASK, "回头看", SUPERVISOR));
        assertThat(figures().rectified()).isZero();
        assertThat(figures().stillOpen()).isEqualTo(1);
    }

    @Test
    void closing_a_task_no_finding_became_writes_nothing() {
        openWithAConvertedFinding();

        projection.on(new TaskClosed(new TaskId("ordinary-task"), SUPERVISOR));

        assertThat(database.getCollection(InspectionRounds.LINKS).countDocuments()).isEqualTo(1);
        assertThat(figures().rectified()).isZero();
    }

    @Test
    void a_rebuild_forgets_every_round_link_and_listing() {
        openWithAConvertedFinding();

        projection.reset();

        assertThat(rounds.reports()).isEmpty();
        assertThat(rounds.report(ROUND.value())).isEmpty();
        assertThat(database.getCollection(InspectionRounds.LINKS).countDocuments()).isZero();
    }
}
