package dev.closeout.domain.complaint;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.complaint.ComplaintCommand.AcceptComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.AssignComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.CloseComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ConvertComplaintToTask;
import dev.closeout.domain.complaint.ComplaintCommand.EscalateComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.RecordSatisfaction;
import dev.closeout.domain.complaint.ComplaintCommand.RejectTransfer;
import dev.closeout.domain.complaint.ComplaintCommand.ReopenComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ReplyToComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.RequestTransfer;
import dev.closeout.domain.complaint.ComplaintCommand.TransferComplaint;
import dev.closeout.domain.task.TaskId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.closeout.domain.common.CommandRefusedException.Reason.PERMISSION;
import static dev.closeout.domain.complaint.ComplaintExamples.ALERT_CONSUMER;
import static dev.closeout.domain.complaint.ComplaintExamples.AUDITOR;
import static dev.closeout.domain.complaint.ComplaintExamples.CLOCK;
import static dev.closeout.domain.complaint.ComplaintExamples.COMPLAINT;
import static dev.closeout.domain.complaint.ComplaintExamples.DUE;
import static dev.closeout.domain.complaint.ComplaintExamples.ENGINE;
import static dev.closeout.domain.complaint.ComplaintExamples.RECEIVED_AT;
import static dev.closeout.domain.complaint.ComplaintExamples.SUPERVISOR;
import static dev.closeout.domain.complaint.ComplaintExamples.accepted;
import static dev.closeout.domain.complaint.ComplaintExamples.assigned;
import static dev.closeout.domain.complaint.ComplaintExamples.closed;
import static dev.closeout.domain.complaint.ComplaintExamples.receive;
import static dev.closeout.domain.complaint.ComplaintExamples.received;
import static dev.closeout.domain.complaint.ComplaintExamples.replied;
import static dev.closeout.domain.complaint.ComplaintExamples.transferRequested;
import static dev.closeout.domain.common.Refusal.expectRefused;

/**
 * Auditors and alert consumers read and never change a complaint; the engine only escalates.
 * Each command is tried in a state where a supervisor could do it, so a refusal can only
 * be about the role.
 */
// Axon's fixture stamps events by a clock it swaps in a static field: fixture classes take turns
@ResourceLock("axon-event-clock")
class ComplaintReadOnlyRolesTest {

    /** A command with a history in which a supervisor may send it. */
    record Step(String name, List<Object> history, Function<Actor, ComplaintCommand> command) {
        @Override
        public String toString() {
            return name;
        }
    }

    private FixtureConfiguration<Complaint> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Complaint.class);
        fixture.registerInjectableResource(EscalationLadder.DEFAULT);
        fixture.registerInjectableResource(CLOCK);
        fixture.registerInjectableResource(ComplaintExamples.POLICY);
    }

    static Stream<Step> everyStep() {
        return Stream.concat(stepsOnlyPeopleTake(), Stream.of(escalate()));
    }

    static Stream<Step> stepsOnlyPeopleTake() {
        List<Object> isReceived = List.of(received());
        List<Object> isAssigned = List.of(received(), assigned());
        List<Object> isAccepted = List.of(received(), assigned(), accepted());
        List<Object> transferPending = List.of(received(), assigned(), transferRequested());
        List<Object> isReplied = List.of(received(), assigned(), accepted(), replied());
        List<Object> isClosed = List.of(received(), assigned(), accepted(), replied(), closed());
        return Stream.of(
                new Step("receive", List.of(), actor -> receive(actor, RECEIVED_AT)),
                new Step("assign", isReceived, actor -> new AssignComplaint(COMPLAINT, "HOUSING", DUE, actor)),
                new Step("accept", isAssigned, actor -> new AcceptComplaint(COMPLAINT, actor)),
                new Step("request transfer", isAssigned, actor -> new RequestTransfer(COMPLAINT, "Not ours", actor)),
                new Step("reject transfer", transferPending, actor -> new RejectTransfer(COMPLAINT, "Yours", actor)),
                new Step("transfer", transferPending,
                        actor -> new TransferComplaint(COMPLAINT, "WATER", DUE, "Water main", actor)),
                new Step("reply", isAccepted, actor -> new ReplyToComplaint(COMPLAINT, "Fixed", actor)),
                new Step("record satisfaction", isReplied,
                        actor -> new RecordSatisfaction(COMPLAINT, Satisfaction.SATISFIED, null, actor)),
                new Step("close", isReplied, actor -> new CloseComplaint(COMPLAINT, actor)),
                new Step("reopen", isClosed, actor -> new ReopenComplaint(COMPLAINT, "Still leaking", DUE, actor)),
                new Step("convert to task", isAssigned, actor -> new ConvertComplaintToTask(COMPLAINT,
                        new TaskId("roof-repair"), "2023 台账", null, null, DUE, actor)));
    }

    private static Step escalate() {
        return new Step("escalate", List.of(received(), assigned()),
                actor -> new EscalateComplaint(COMPLAINT, "REMINDER", "Overdue", actor));
    }

    private ResultValidator<Complaint> attempt(Step step, Actor actor) {
        return fixture.given(step.history()).when(step.command().apply(actor));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyStep")
    void a_supervisor_may_take_every_step_in_these_histories(Step step) {
        attempt(step, SUPERVISOR).expectSuccessfulHandlerExecution();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyStep")
    void an_auditor_cannot_change_a_complaint(Step step) {
        expectRefused(attempt(step, AUDITOR), PERMISSION, "An auditor may read complaints but not change them");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyStep")
    void an_alert_consumer_cannot_change_a_complaint(Step step) {
        expectRefused(attempt(step, ALERT_CONSUMER), PERMISSION,
                "An alert consumer may receive alerts but not change complaints");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stepsOnlyPeopleTake")
    void the_engine_may_only_escalate(Step step) {
        expectRefused(attempt(step, ENGINE), PERMISSION, "The engine may only escalate complaints");
    }
}
