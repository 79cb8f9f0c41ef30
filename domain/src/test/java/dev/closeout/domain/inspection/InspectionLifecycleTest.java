package dev.closeout.domain.inspection;

import dev.closeout.domain.common.LifecycleTable;
import dev.closeout.domain.inspection.InspectionCommand.CloseRound;
import dev.closeout.domain.inspection.InspectionCommand.ConvertFindingToTask;
import dev.closeout.domain.inspection.InspectionCommand.MarkUnitInspected;
import dev.closeout.domain.inspection.InspectionCommand.RecordFinding;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.closeout.domain.common.CommandRefusedException.Reason.STATE;
import static dev.closeout.domain.common.Refusal.expectRefused;
import static dev.closeout.domain.inspection.InspectionExamples.DUE;
import static dev.closeout.domain.inspection.InspectionExamples.FINDING;
import static dev.closeout.domain.inspection.InspectionExamples.ROUND;
import static dev.closeout.domain.inspection.InspectionExamples.SUPERVISOR;
import static dev.closeout.domain.inspection.InspectionExamples.TASK;
import static dev.closeout.domain.inspection.InspectionExamples.WATER_UNIT;
import static dev.closeout.domain.inspection.InspectionExamples.closed;
import static dev.closeout.domain.inspection.InspectionExamples.found;
import static dev.closeout.domain.inspection.InspectionExamples.opened;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inspection round's lifecycle as a table, every status against every action: the table is the
 * specification, {@link InspectionStatus#allows} must say the same, and the aggregate must record
 * the action exactly where the table says yes and refuse it for the round's state elsewhere.
 */
// Axon's fixture stamps events by a clock it swaps in a static field: fixture classes take turns
@ResourceLock("axon-event-clock")
class InspectionLifecycleTest {

    private static final String TABLE = """
            status  RECORD_FINDING MARK_UNIT_INSPECTED CONVERT_FINDING CLOSE
            OPEN    yes            yes                 yes             yes
            CLOSED  -              -                   yes             -
            """;

    /** A history leading to each status, with a finding to convert. */
    private static final Map<InspectionStatus, List<Object>> HISTORIES = Map.of(
            InspectionStatus.OPEN, List.of(opened(), found()),
            InspectionStatus.CLOSED, List.of(opened(), found(), closed()));

    static Stream<Arguments> table() {
        return LifecycleTable.cells(TABLE, InspectionStatus.class, InspectionAction.class);
    }

    @ParameterizedTest(name = "a {0} round may {1}: {2}")
    @MethodSource("table")
    void the_status_allows_exactly_the_actions_the_table_gives_it(InspectionStatus status, InspectionAction action,
                                                                  boolean allowed) {
        assertThat(status.allows(action)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "a {0} round, asked to {1}, records it: {2}")
    @MethodSource("table")
    void the_aggregate_records_an_action_only_where_the_table_allows_it(InspectionStatus status,
                                                                       InspectionAction action, boolean allowed) {
        FixtureConfiguration<InspectionRound> fixture = new AggregateTestFixture<>(InspectionRound.class);
        ResultValidator<InspectionRound> result = fixture.given(HISTORIES.get(status)).when(command(action));
        if (allowed) {
            result.expectSuccessfulHandlerExecution();
        } else {
            expectRefused(result, STATE, "Inspection round is " + status);
        }
    }

    private static InspectionCommand command(InspectionAction action) {
        return switch (action) {
            case RECORD_FINDING -> new RecordFinding(ROUND, new FindingId("f-2"), WATER_UNIT, "台账不全", SUPERVISOR);
            case MARK_UNIT_INSPECTED -> new MarkUnitInspected(ROUND, WATER_UNIT, SUPERVISOR);
            case CONVERT_FINDING -> new ConvertFindingToTask(ROUND, FINDING, TASK, null, null, null, DUE, SUPERVISOR);
            case CLOSE -> new CloseRound(ROUND, SUPERVISOR);
        };
    }
}
