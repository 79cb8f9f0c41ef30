package dev.closeout.domain.task;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.CommandRefusedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.closeout.domain.task.TaskExamples.ALERT_CONSUMER;
import static dev.closeout.domain.task.TaskExamples.AUDITOR;
import static dev.closeout.domain.task.TaskExamples.ENGINE;
import static dev.closeout.domain.task.TaskExamples.LEAD;
import static dev.closeout.domain.task.TaskExamples.OTHER_DEPARTMENT;
import static dev.closeout.domain.task.TaskExamples.SUPERVISOR;
import static dev.closeout.domain.task.TaskExamples.SUPPORTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Evidence files are attached by whoever may ask for closure, and opened by those who decide, audit or answer for it. */
class EvidenceAccessTest {

    private static final String LEAD_DEPARTMENT = LEAD.department();
    private static final List<String> SUPPORTING_DEPARTMENTS = List.of(SUPPORTING.department());

    @Test
    void the_lead_department_and_supervisors_attach_evidence() {
        for (Actor actor : List.of(LEAD, SUPERVISOR)) {
            assertThatCode(() -> EvidenceAccess.requireMayAttach(actor, LEAD_DEPARTMENT, SUPPORTING_DEPARTMENTS))
                    .as(actor.user()).doesNotThrowAnyException();
        }
    }

    static Stream<Actor> mayNotAttach() {
        return Stream.of(SUPPORTING, OTHER_DEPARTMENT, AUDITOR, ALERT_CONSUMER, ENGINE);
    }

    @ParameterizedTest
    @MethodSource("mayNotAttach")
    void no_one_else_attaches_evidence(Actor actor) {
        assertThatThrownBy(() -> EvidenceAccess.requireMayAttach(actor, LEAD_DEPARTMENT, SUPPORTING_DEPARTMENTS))
                .isInstanceOfSatisfying(CommandRefusedException.class,
                        e -> assertThat(e.reason())
                                .isEqualTo(CommandRefusedException.Reason.PERMISSION));
    }

    @Test
    void supervisors_auditors_and_the_lead_department_open_evidence() {
        for (Actor actor : List.of(LEAD, SUPERVISOR, AUDITOR)) {
            assertThatCode(() -> EvidenceAccess.requireMayOpen(actor, LEAD_DEPARTMENT))
                    .as(actor.user()).doesNotThrowAnyException();
        }
    }

    static Stream<Actor> mayNotOpen() {
        return Stream.of(SUPPORTING, OTHER_DEPARTMENT, ALERT_CONSUMER, ENGINE);
    }

    @ParameterizedTest
    @MethodSource("mayNotOpen")
    void supporting_and_other_departments_alert_consumers_and_the_engine_do_not_open_evidence(Actor actor) {
        assertThatThrownBy(() -> EvidenceAccess.requireMayOpen(actor, LEAD_DEPARTMENT))
                .isInstanceOf(CommandRefusedException.class)
                .hasMessageContaining("Only supervisors, auditors and the lead department TRANSPORT");
    }
}
