package dev.closeout.domain.task;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.task.TaskCommand.ApproveExtension;
import dev.closeout.domain.task.TaskCommand.ClaimTask;
import dev.closeout.domain.task.TaskCommand.CloseTask;
import dev.closeout.domain.task.TaskCommand.EscalateTask;
import dev.closeout.domain.task.TaskCommand.RejectExtension;
import dev.closeout.domain.task.TaskCommand.ReopenTask;
import dev.closeout.domain.task.TaskCommand.ReportProgress;
import dev.closeout.domain.task.TaskCommand.RequestClosure;
import dev.closeout.domain.task.TaskCommand.RequestExtension;
import dev.closeout.domain.task.TaskCommand.ReturnTask;
import dev.closeout.domain.task.TaskCommand.WithdrawTask;
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
import static dev.closeout.domain.common.Refusal.expectRefused;
import static dev.closeout.domain.task.TaskExamples.ALERT_CONSUMER;
import static dev.closeout.domain.task.TaskExamples.AUDITOR;
import static dev.closeout.domain.task.TaskExamples.DUE;
import static dev.closeout.domain.task.TaskExamples.ENGINE;
import static dev.closeout.domain.task.TaskExamples.SUPERVISOR;
import static dev.closeout.domain.task.TaskExamples.TASK;
import static dev.closeout.domain.task.TaskExamples.claimed;
import static dev.closeout.domain.task.TaskExamples.closed;
import static dev.closeout.domain.task.TaskExamples.closureRequested;
import static dev.closeout.domain.task.TaskExamples.extensionRequested;
import static dev.closeout.domain.task.TaskExamples.register;
import static dev.closeout.domain.task.TaskExamples.registered;

/**
 * Auditors and alert consumers read and never change a task; the engine only escalates.
 * Each command is tried in a state where a supervisor could do it, so a refusal can only
 * be about the role.
 */
// Axon's fixture stamps events by a clock it swaps in a static field: fixture classes take turns
@ResourceLock("axon-event-clock")
class ReadOnlyRolesTest {

    /** A command with a history in which a supervisor may send it. */
    record Step(String name, List<Object> history, Function<Actor, TaskCommand> command) {
        @Override
        public String toString() {
            return name;
        }
    }

    private FixtureConfiguration<Task> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Task.class);
        fixture.registerInjectableResource(EscalationLadder.DEFAULT);
    }

    static Stream<Step> everyStep() {
        return Stream.concat(stepsOnlyPeopleTake(), Stream.of(escalate()));
    }

    static Stream<Step> stepsOnlyPeopleTake() {
        List<Object> registered = List.of(registered());
        List<Object> claimed = List.of(registered(), claimed());
        List<Object> extensionPending = List.of(registered(), claimed(), extensionRequested(DUE.plusDays(30)));
        List<Object> awaitingClosure = List.of(registered(), claimed(), closureRequested());
        List<Object> isClosed = List.of(registered(), claimed(), closureRequested(), closed());
        return Stream.of(
                new Step("register", List.of(), actor -> register(actor, DUE)),
                new Step("claim", registered, actor -> new ClaimTask(TASK, actor)),
                new Step("report progress", claimed, actor -> new ReportProgress(TASK, "Done", 50, actor)),
                new Step("request extension", claimed,
                        actor -> new RequestExtension(TASK, DUE.plusDays(30), "Rain", actor)),
                new Step("approve extension", extensionPending, actor -> new ApproveExtension(TASK, actor)),
                new Step("reject extension", extensionPending, actor -> new RejectExtension(TASK, "No", actor)),
                new Step("request closure", claimed, actor -> new RequestClosure(TASK, "Report", actor)),
                new Step("close", awaitingClosure, actor -> new CloseTask(TASK, actor)),
                new Step("return", awaitingClosure, actor -> new ReturnTask(TASK, "Thin evidence", actor)),
                new Step("reopen", isClosed, actor -> new ReopenTask(TASK, "Not done", actor)),
                new Step("withdraw", registered, actor -> new WithdrawTask(TASK, "Duplicate", actor)));
    }

    private static Step escalate() {
        return new Step("escalate", List.of(registered(), claimed()),
                actor -> new EscalateTask(TASK, "REMINDER", "Overdue", actor));
    }

    private ResultValidator<Task> attempt(Step step, Actor actor) {
        return fixture.given(step.history()).when(step.command().apply(actor));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyStep")
    void a_supervisor_may_take_every_step_in_these_histories(Step step) {
        attempt(step, SUPERVISOR).expectSuccessfulHandlerExecution();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyStep")
    void an_auditor_cannot_change_a_task(Step step) {
        expectRefused(attempt(step, AUDITOR), PERMISSION, "An auditor may read tasks but not change them");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyStep")
    void an_alert_consumer_cannot_change_a_task(Step step) {
        expectRefused(attempt(step, ALERT_CONSUMER), PERMISSION, "An alert consumer may receive alerts");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stepsOnlyPeopleTake")
    void the_engine_may_only_escalate(Step step) {
        expectRefused(attempt(step, ENGINE), PERMISSION, "The engine may only escalate tasks");
    }
}
