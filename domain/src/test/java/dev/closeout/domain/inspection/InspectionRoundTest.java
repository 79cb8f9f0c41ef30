package dev.closeout.domain.inspection;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.common.Role;
import dev.closeout.domain.common.Text;
import dev.closeout.domain.inspection.InspectionCommand.CloseRound;
import dev.closeout.domain.inspection.InspectionCommand.ConvertFindingToTask;
import dev.closeout.domain.inspection.InspectionCommand.MarkUnitInspected;
import dev.closeout.domain.inspection.InspectionCommand.OpenRound;
import dev.closeout.domain.inspection.InspectionCommand.RecordFinding;
import dev.closeout.domain.inspection.InspectionEvent.FindingConvertedToTask;
import dev.closeout.domain.inspection.InspectionEvent.FindingRecorded;
import dev.closeout.domain.inspection.InspectionEvent.RoundClosed;
import dev.closeout.domain.inspection.InspectionEvent.UnitInspected;
import dev.closeout.domain.task.TaskId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static dev.closeout.domain.common.CommandRefusedException.Reason.PERMISSION;
import static dev.closeout.domain.common.CommandRefusedException.Reason.STATE;
import static dev.closeout.domain.common.Refusal.expectInvalid;
import static dev.closeout.domain.common.Refusal.expectRefused;
import static dev.closeout.domain.inspection.InspectionExamples.DUE;
import static dev.closeout.domain.inspection.InspectionExamples.FINDING;
import static dev.closeout.domain.inspection.InspectionExamples.HOUSING;
import static dev.closeout.domain.inspection.InspectionExamples.HOUSING_UNIT;
import static dev.closeout.domain.inspection.InspectionExamples.LEDGER;
import static dev.closeout.domain.inspection.InspectionExamples.PROBLEM;
import static dev.closeout.domain.inspection.InspectionExamples.ROUND;
import static dev.closeout.domain.inspection.InspectionExamples.SUPERVISOR;
import static dev.closeout.domain.inspection.InspectionExamples.TASK;
import static dev.closeout.domain.inspection.InspectionExamples.WATER_UNIT;
import static dev.closeout.domain.inspection.InspectionExamples.closed;
import static dev.closeout.domain.inspection.InspectionExamples.converted;
import static dev.closeout.domain.inspection.InspectionExamples.found;
import static dev.closeout.domain.inspection.InspectionExamples.inspected;
import static dev.closeout.domain.inspection.InspectionExamples.opened;
import static dev.closeout.domain.inspection.InspectionExamples.openedWithoutLedger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

// Axon's fixture stamps events by a clock it swaps in a static field: fixture classes take turns
@ResourceLock("axon-event-clock")
class InspectionRoundTest {

    private FixtureConfiguration<InspectionRound> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(InspectionRound.class);
    }

    private static ConvertFindingToTask convert(String ledger, String title, String lead) {
        return new ConvertFindingToTask(ROUND, FINDING, TASK, ledger, title, lead, DUE, SUPERVISOR);
    }

    @Test
    void a_supervisor_opens_a_round_with_the_units_to_inspect() {
        fixture.givenNoPriorActivity()
               .when(new OpenRound(ROUND, InspectionKind.FIELD, "二季度实地督查", List.of(HOUSING_UNIT, WATER_UNIT), LEDGER,
                       SUPERVISOR))
               .expectEvents(opened());
    }

    @Test
    void a_department_may_not_open_a_round() {
        expectRefused(fixture.givenNoPriorActivity()
                .when(new OpenRound(ROUND, InspectionKind.SPECIAL, "专项督查", List.of(HOUSING_UNIT), null, HOUSING)),
                PERMISSION, "Only a supervisor may open an inspection round");
    }

    @Test
    void an_auditor_reads_rounds_but_changes_none() {
        expectRefused(fixture.given(opened()).when(new CloseRound(ROUND, new Actor("audit", Role.AUDITOR, null))),
                PERMISSION, "An auditor may read inspection rounds but not change them");
    }

    @Test
    void a_round_names_at_least_one_unit_each_once_and_no_more_than_the_limit() {
        assertThatThrownBy(() -> new OpenRound(ROUND, InspectionKind.FIELD, "t", List.of(), null, SUPERVISOR))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("units");
        assertThatThrownBy(() -> new OpenRound(ROUND, InspectionKind.FIELD, "t", List.of("A", "B", "A"), null,
                SUPERVISOR)).isInstanceOfSatisfying(InvalidValueException.class,
                e -> assertThat(e.field()).isEqualTo("units[2]"));
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= Limits.ROUND_UNITS; i++) {
            many.add("UNIT-" + i);
        }
        assertThatThrownBy(() -> new OpenRound(ROUND, InspectionKind.FIELD, "t", many, null, SUPERVISOR))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("at most " + Limits.ROUND_UNITS);
    }

    @Test
    void a_round_needs_a_kind() {
        assertThatThrownBy(() -> new OpenRound(ROUND, null, "t", List.of("A"), null, SUPERVISOR))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("kind"));
    }

    @Test
    void a_finding_is_recorded_at_a_listed_unit() {
        fixture.given(opened())
               .when(new RecordFinding(ROUND, FINDING, HOUSING_UNIT, PROBLEM, SUPERVISOR))
               .expectEvents(found())
               .expectResultMessagePayload(FINDING);
    }

    @Test
    void a_finding_at_a_unit_the_round_does_not_inspect_is_refused_naming_the_unit() {
        expectInvalid(fixture.given(opened())
                .when(new RecordFinding(ROUND, FINDING, "TRANSPORT", PROBLEM, SUPERVISOR)),
                "unit", "TRANSPORT is not among the units this round inspects");
    }

    @Test
    void recording_the_same_finding_again_records_nothing() {
        fixture.given(opened(), found())
               .when(new RecordFinding(ROUND, FINDING, HOUSING_UNIT, PROBLEM, SUPERVISOR))
               .expectNoEvents()
               .expectResultMessagePayload(FINDING);
    }

    @Test
    void an_id_of_a_finding_sent_with_another_unit_or_description_is_refused_and_records_nothing() {
        expectInvalid(fixture.given(opened(), found())
                .when(new RecordFinding(ROUND, FINDING, HOUSING_UNIT, PROBLEM + "，另一处", SUPERVISOR)),
                "findingId", "names another finding of this round");
    }

    @Test
    void a_unit_is_marked_inspected_once() {
        fixture.given(opened())
               .when(new MarkUnitInspected(ROUND, WATER_UNIT, SUPERVISOR))
               .expectEvents(new UnitInspected(ROUND, WATER_UNIT, SUPERVISOR));
        expectRefused(fixture.given(opened(), inspected(WATER_UNIT))
                .when(new MarkUnitInspected(ROUND, WATER_UNIT, SUPERVISOR)), STATE, "already marked inspected");
    }

    @Test
    void a_unit_not_on_the_list_cannot_be_marked_inspected() {
        expectInvalid(fixture.given(opened()).when(new MarkUnitInspected(ROUND, "TRANSPORT", SUPERVISOR)),
                "unit", "TRANSPORT is not among");
    }

    @Test
    void a_finding_converts_into_a_task_on_the_rounds_ledger_titled_by_the_finding_and_led_by_its_unit() {
        fixture.given(opened(), found())
               .when(convert(null, null, null))
               .expectEvents(converted())
               .expectResultMessagePayload(converted());
    }

    @Test
    void a_conversion_may_name_its_own_ledger_title_and_lead_department() {
        fixture.given(opened(), found())
               .when(convert("整改台账", "加快电梯加装", "CONSTRUCTION"))
               .expectEvents(new FindingConvertedToTask(ROUND, FINDING, TASK, "整改台账", "加快电梯加装", "CONSTRUCTION",
                       DUE, SUPERVISOR));
    }

    @Test
    void converting_a_finding_again_answers_the_first_conversion_and_records_nothing() {
        fixture.given(opened(), found(), converted())
               .when(new ConvertFindingToTask(ROUND, FINDING, new TaskId("another-task"), "另一台账", null, null,
                       DUE.plusMonths(1), SUPERVISOR))
               .expectNoEvents()
               .expectResultMessagePayload(converted());
    }

    @Test
    void a_round_without_a_ledger_needs_the_conversion_to_name_one() {
        expectInvalid(fixture.given(openedWithoutLedger(), found()).when(convert(null, null, null)),
                "ledger", "name the ledger");
    }

    @Test
    void an_unknown_finding_cannot_be_converted() {
        expectInvalid(fixture.given(opened()).when(convert(null, null, null)), "findingId", "no finding f-1");
    }

    @Test
    void a_closed_round_still_converts_its_findings_but_records_no_more() {
        fixture.given(opened(), found(), closed())
               .when(convert(null, null, null))
               .expectEvents(converted());
        expectRefused(fixture.given(opened(), closed())
                .when(new RecordFinding(ROUND, new FindingId("f-2"), WATER_UNIT, "台账不全", SUPERVISOR)),
                STATE, "Inspection round is CLOSED");
    }

    @Test
    void a_supervisor_closes_an_open_round_once() {
        fixture.given(opened(), inspected(HOUSING_UNIT))
               .when(new CloseRound(ROUND, SUPERVISOR))
               .expectEvents(new RoundClosed(ROUND, SUPERVISOR));
        expectRefused(fixture.given(opened(), closed()).when(new CloseRound(ROUND, SUPERVISOR)),
                STATE, "only an open round can be closed");
    }

    @Test
    void a_long_finding_gives_a_title_cut_to_the_limit() {
        String longProblem = "问".repeat(Limits.REASON);
        fixture.given(opened(), new FindingRecorded(ROUND, FINDING, HOUSING_UNIT, longProblem, SUPERVISOR))
               .when(convert(null, null, null))
               .expectResultMessagePayloadMatching(new org.hamcrest.TypeSafeMatcher<FindingConvertedToTask>() {
                   @Override
                   protected boolean matchesSafely(FindingConvertedToTask conversion) {
                       return conversion.title().length() == Limits.TITLE && conversion.title().endsWith("…");
                   }

                   @Override
                   public void describeTo(org.hamcrest.Description description) {
                       description.appendText("a title of " + Limits.TITLE + " characters ending in …");
                   }
               });
    }

    /**
     * A title counts UTF-16 units, as registration counts it ({@code Text}): a finding written in characters outside
     * the Basic Multilingual Plane (CJK Extension B, emoji) is cut to what a task's title may hold, never through a
     * character, so the task the conversion names can be registered. Cut by characters, the title was twice the
     * limit and the conversion was stored with no task ever registered.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\uD840\uDC00", "😀x", "\u0958"})
    void a_long_finding_in_any_script_gives_a_title_a_task_may_have(String piece) {
        String longProblem = piece.repeat(Limits.REASON / piece.length());
        fixture.given(opened(), new FindingRecorded(ROUND, FINDING, HOUSING_UNIT, longProblem, SUPERVISOR))
               .when(convert(null, null, null))
               .expectResultMessagePayloadMatching(new org.hamcrest.TypeSafeMatcher<FindingConvertedToTask>() {
                   @Override
                   protected boolean matchesSafely(FindingConvertedToTask conversion) {
                       String title = conversion.title();
                       return title.length() <= Limits.TITLE && title.endsWith("…")
                               && Text.line(title, "title", Limits.TITLE).equals(title)
                               && !Character.isHighSurrogate(title.charAt(title.length() - 2));
                   }

                   @Override
                   public void describeTo(org.hamcrest.Description description) {
                       description.appendText("a title registration takes as it is, cut before a whole character");
                   }
               });
    }

    @Test
    void the_same_finding_of_the_same_round_always_names_the_same_task_and_another_finding_another() {
        assertThat(FINDING.taskIdIn(ROUND)).isEqualTo(new FindingId("f-1").taskIdIn(new InspectionRoundId(ROUND.value())));
        assertThat(new FindingId("f-2").taskIdIn(ROUND)).isNotEqualTo(TASK);
        assertThat(FINDING.taskIdIn(new InspectionRoundId("other-round"))).isNotEqualTo(TASK);
    }
}
