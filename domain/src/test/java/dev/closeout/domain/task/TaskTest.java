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
import dev.closeout.domain.task.TaskEvent.TaskClaimed;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskClosureRequested;
import dev.closeout.domain.task.TaskEvent.TaskEscalated;
import dev.closeout.domain.task.TaskEvent.TaskExtensionApproved;
import dev.closeout.domain.task.TaskEvent.TaskExtensionRejected;
import dev.closeout.domain.task.TaskEvent.TaskExtensionRequested;
import dev.closeout.domain.task.TaskEvent.TaskProgressReported;
import dev.closeout.domain.task.TaskEvent.TaskReopened;
import dev.closeout.domain.task.TaskEvent.TaskReturned;
import dev.closeout.domain.task.TaskEvent.TaskWithdrawn;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static dev.closeout.domain.common.CommandRefusedException.Reason.PERMISSION;
import static org.assertj.core.api.Assertions.assertThat;
import static dev.closeout.domain.common.CommandRefusedException.Reason.STATE;
import static dev.closeout.domain.common.Refusal.expectInvalid;
import static dev.closeout.domain.common.Refusal.expectRefused;
import static dev.closeout.domain.task.TaskExamples.DUE;
import static dev.closeout.domain.task.TaskExamples.LEAD;
import static dev.closeout.domain.task.TaskExamples.OTHER_DEPARTMENT;
import static dev.closeout.domain.task.TaskExamples.SUPERVISOR;
import static dev.closeout.domain.task.TaskExamples.SUPPORTING;
import static dev.closeout.domain.task.TaskExamples.TASK;
import static dev.closeout.domain.task.TaskExamples.ENGINE;
import static dev.closeout.domain.task.TaskExamples.claimed;
import static dev.closeout.domain.task.TaskExamples.closed;
import static dev.closeout.domain.task.TaskExamples.closureRequested;
import static dev.closeout.domain.task.TaskExamples.escalated;
import static dev.closeout.domain.task.TaskExamples.extensionApproved;
import static dev.closeout.domain.task.TaskExamples.extensionRequested;
import static dev.closeout.domain.task.TaskExamples.progressReported;
import static dev.closeout.domain.task.TaskExamples.register;
import static dev.closeout.domain.task.TaskExamples.registered;
import static dev.closeout.domain.task.TaskExamples.reopened;
import static dev.closeout.domain.task.TaskExamples.withdrawn;

// Axon's fixture stamps events by a clock it swaps in a static field: fixture classes take turns
@ResourceLock("axon-event-clock")
class TaskTest {

    private static final LocalDate LATER = DUE.plusMonths(1);
    private static final LocalDate LATER_STILL = DUE.plusMonths(2);
    /** When the department asked for closure: 20 September 2023, 09:30:15.123 in Beijing. */
    private static final Instant ASKED = Instant.parse("2023-09-20T01:30:15.123Z");

    private FixtureConfiguration<Task> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Task.class);
        fixture.registerInjectableResource(EscalationLadder.DEFAULT);
    }

    @Nested
    class Register {

        @Test
        void a_supervisor_registers_a_task_on_a_ledger() {
            fixture.givenNoPriorActivity()
                   .when(register(SUPERVISOR, DUE))
                   .expectSuccessfulHandlerExecution()
                   .expectEvents(registered());
        }

        @Test
        void a_task_already_past_its_due_date_may_be_registered_when_a_ledger_is_imported() {
            LocalDate longAgo = LocalDate.of(2020, 1, 1);
            fixture.givenNoPriorActivity()
                   .when(register(SUPERVISOR, longAgo))
                   .expectEvents(registered(longAgo));
        }

        @Test
        void a_department_cannot_register_a_task() {
            expectRefused(fixture.givenNoPriorActivity().when(register(LEAD, DUE)),
                    PERMISSION, "Only a supervisor may register a task");
        }
    }

    @Nested
    class Claim {

        @Test
        void the_lead_department_claims_a_registered_task() {
            fixture.given(registered())
                   .when(new ClaimTask(TASK, LEAD))
                   .expectEvents(new TaskClaimed(TASK, LEAD));
        }

        @Test
        void a_supervisor_may_claim_a_task_and_is_recorded_as_themselves() {
            fixture.given(registered())
                   .when(new ClaimTask(TASK, SUPERVISOR))
                   .expectEvents(new TaskClaimed(TASK, SUPERVISOR));
        }

        @Test
        void a_department_cannot_claim_a_task_led_by_another_department() {
            expectRefused(fixture.given(registered()).when(new ClaimTask(TASK, OTHER_DEPARTMENT)),
                    PERMISSION, "Only the lead department TRANSPORT or a supervisor may claim this task");
        }

        @Test
        void a_supporting_department_cannot_claim_a_task() {
            expectRefused(fixture.given(registered()).when(new ClaimTask(TASK, SUPPORTING)),
                    PERMISSION, "supports this task and may only report progress");
        }

        @Test
        void a_task_already_claimed_cannot_be_claimed_again() {
            expectRefused(fixture.given(registered(), claimed()).when(new ClaimTask(TASK, LEAD)),
                    STATE, "Task is CLAIMED; only a task nobody has signed for yet can be claimed");
        }

        @Test
        void a_withdrawn_task_cannot_be_claimed() {
            expectRefused(fixture.given(registered(), withdrawn()).when(new ClaimTask(TASK, LEAD)),
                    STATE, "Task is WITHDRAWN");
        }
    }

    @Nested
    class ReportProgressOn {

        private ReportProgress report(int percent, Actor actor) {
            return new ReportProgress(TASK, "Survey done", percent, actor);
        }

        @Test
        void the_lead_department_reports_progress_on_a_claimed_task_which_is_then_in_progress() {
            fixture.given(registered(), claimed())
                   .when(report(30, LEAD))
                   .expectEvents(new TaskProgressReported(TASK, "Survey done", 30, LEAD));
        }

        @Test
        void progress_may_be_reported_again_on_a_task_in_progress() {
            fixture.given(registered(), claimed(), progressReported(30))
                   .when(report(50, LEAD))
                   .expectEvents(new TaskProgressReported(TASK, "Survey done", 50, LEAD));
        }

        @Test
        void a_supporting_department_may_report_progress() {
            fixture.given(registered(), claimed())
                   .when(report(10, SUPPORTING))
                   .expectEvents(new TaskProgressReported(TASK, "Survey done", 10, SUPPORTING));
        }

        @Test
        void a_supporting_departments_report_is_on_its_own_share_and_gives_no_progress_of_the_task() {
            assertThat(new TaskProgressReported(TASK, "配合单位资金已拨付", 10, SUPPORTING).isTaskProgress("TRANSPORT"))
                    .isFalse();
        }

        @Test
        void the_lead_departments_or_a_supervisors_report_gives_the_progress_of_the_task() {
            assertThat(new TaskProgressReported(TASK, "路基完成", 80, LEAD).isTaskProgress("TRANSPORT")).isTrue();
            assertThat(new TaskProgressReported(TASK, "现场核实", 80, SUPERVISOR).isTaskProgress("TRANSPORT")).isTrue();
        }

        @Test
        void a_supervisor_may_report_progress() {
            fixture.given(registered(), claimed())
                   .when(report(10, SUPERVISOR))
                   .expectEvents(new TaskProgressReported(TASK, "Survey done", 10, SUPERVISOR));
        }

        @Test
        void a_lower_percentage_than_last_time_is_accepted_as_a_correction() {
            fixture.given(registered(), claimed(), progressReported(60))
                   .when(report(40, LEAD))
                   .expectEvents(new TaskProgressReported(TASK, "Survey done", 40, LEAD));
        }

        @Test
        void a_department_neither_leading_nor_supporting_cannot_report_progress() {
            expectRefused(fixture.given(registered(), claimed()).when(report(10, OTHER_DEPARTMENT)),
                    PERMISSION, "a supporting department or a supervisor may report progress");
        }

        @Test
        void progress_on_an_unclaimed_task_is_refused_until_it_is_claimed() {
            expectRefused(fixture.given(registered()).when(report(10, LEAD)),
                    STATE, "claim it first");
        }

        @Test
        void progress_cannot_be_reported_while_closure_is_awaited() {
            expectRefused(fixture.given(registered(), claimed(), closureRequested()).when(report(100, LEAD)),
                    STATE, "Task is CLOSURE_REQUESTED");
        }

        @Test
        void progress_cannot_be_reported_on_a_closed_task() {
            expectRefused(fixture.given(registered(), claimed(), closureRequested(), closed())
                                 .when(report(100, LEAD)),
                    STATE, "Task is CLOSED");
        }

        @Test
        void progress_cannot_be_reported_on_a_withdrawn_task() {
            expectRefused(fixture.given(registered(), claimed(), withdrawn()).when(report(10, LEAD)),
                    STATE, "Task is WITHDRAWN");
        }
    }

    @Nested
    class RequestAnExtension {

        private RequestExtension ask(LocalDate newDueDate, Actor actor) {
            return new RequestExtension(TASK, newDueDate, "Land acquisition delayed", actor);
        }

        @Test
        void the_lead_department_asks_for_a_later_due_date() {
            fixture.given(registered(), claimed(), progressReported(30))
                   .when(ask(LATER, LEAD))
                   .expectEvents(new TaskExtensionRequested(TASK, LATER, "Land acquisition delayed", LEAD));
        }

        @Test
        void a_supervisor_may_ask_for_an_extension() {
            fixture.given(registered(), claimed())
                   .when(ask(LATER, SUPERVISOR))
                   .expectEvents(new TaskExtensionRequested(TASK, LATER, "Land acquisition delayed", SUPERVISOR));
        }

        @Test
        void a_supporting_department_cannot_ask_for_an_extension() {
            expectRefused(fixture.given(registered(), claimed()).when(ask(LATER, SUPPORTING)),
                    PERMISSION, "may only report progress");
        }

        @Test
        void an_extension_cannot_be_asked_for_before_the_task_is_claimed() {
            expectRefused(fixture.given(registered()).when(ask(LATER, LEAD)),
                    STATE, "claim it first, then request an extension");
        }

        @Test
        void an_extension_cannot_be_asked_for_while_closure_is_awaited() {
            expectRefused(fixture.given(registered(), claimed(), closureRequested()).when(ask(LATER, LEAD)),
                    STATE, "Task is CLOSURE_REQUESTED");
        }

        @Test
        void only_one_extension_may_be_pending_at_a_time() {
            expectRefused(fixture.given(registered(), claimed(), extensionRequested(LATER))
                                 .when(ask(LATER_STILL, LEAD)),
                    STATE, "An extension to " + LATER + " is pending");
        }

        @Test
        void the_new_due_date_must_be_after_the_current_one() {
            expectInvalid(fixture.given(registered(), claimed()).when(ask(DUE, LEAD)),
                    "newDueDate", "must be after the current due date " + DUE);
        }

        @Test
        void an_extension_cannot_bring_the_due_date_forward() {
            expectInvalid(fixture.given(registered(), claimed()).when(ask(DUE.minusDays(10), LEAD)),
                    "newDueDate", "must be after the current due date");
        }

        @Test
        void after_an_approved_extension_a_new_request_must_go_beyond_the_extended_due_date() {
            expectInvalid(fixture.given(registered(), claimed(), extensionRequested(LATER_STILL),
                                         extensionApproved(DUE, LATER_STILL))
                                 .when(ask(LATER, LEAD)),
                    "newDueDate", "current due date " + LATER_STILL);
        }

        @Test
        void after_a_rejected_extension_the_department_may_ask_again() {
            fixture.given(registered(), claimed(), extensionRequested(LATER_STILL),
                          new TaskExtensionRejected(TASK, LATER_STILL, "Too long", SUPERVISOR))
                   .when(ask(LATER, LEAD))
                   .expectEvents(new TaskExtensionRequested(TASK, LATER, "Land acquisition delayed", LEAD));
        }
    }

    @Nested
    class DecideAnExtension {

        @Test
        void a_supervisor_approves_the_pending_extension_and_the_due_date_moves() {
            fixture.given(registered(), claimed(), extensionRequested(LATER))
                   .when(new ApproveExtension(TASK, SUPERVISOR))
                   .expectEvents(new TaskExtensionApproved(TASK, DUE, LATER, SUPERVISOR));
        }

        @Test
        void a_supervisor_rejects_the_pending_extension_saying_why() {
            fixture.given(registered(), claimed(), extensionRequested(LATER))
                   .when(new RejectExtension(TASK, "Not justified", SUPERVISOR))
                   .expectEvents(new TaskExtensionRejected(TASK, LATER, "Not justified", SUPERVISOR));
        }

        @Test
        void the_lead_department_cannot_approve_its_own_extension() {
            expectRefused(fixture.given(registered(), claimed(), extensionRequested(LATER))
                                 .when(new ApproveExtension(TASK, LEAD)),
                    PERMISSION, "Only a supervisor may approve an extension");
        }

        @Test
        void a_department_cannot_reject_an_extension() {
            expectRefused(fixture.given(registered(), claimed(), extensionRequested(LATER))
                                 .when(new RejectExtension(TASK, "No", LEAD)),
                    PERMISSION, "Only a supervisor may reject an extension");
        }

        @Test
        void there_must_be_a_pending_extension_to_approve() {
            expectRefused(fixture.given(registered(), claimed()).when(new ApproveExtension(TASK, SUPERVISOR)),
                    STATE, "There is no pending extension to approve");
        }

        @Test
        void there_must_be_a_pending_extension_to_reject() {
            expectRefused(fixture.given(registered(), claimed())
                                 .when(new RejectExtension(TASK, "No", SUPERVISOR)),
                    STATE, "There is no pending extension to reject");
        }

        @Test
        void an_approval_naming_the_pending_date_approves_it() {
            fixture.given(registered(), claimed(), extensionRequested(LATER))
                   .when(new ApproveExtension(TASK, LATER, SUPERVISOR))
                   .expectEvents(new TaskExtensionApproved(TASK, DUE, LATER, SUPERVISOR));
        }

        /**
         * The department asked for LATER; supervisor A opened the desk; B rejected it; the department asked for
         * LATER_STILL; A's approval, made on what A saw, must not grant a date A never read.
         */
        @Test
        void an_approval_naming_a_date_no_longer_pending_is_refused_naming_new_due_date() {
            expectRefused(fixture.given(registered(), claimed(), extensionRequested(LATER),
                                         new TaskExtensionRejected(TASK, LATER, "Not justified", SUPERVISOR),
                                         extensionRequested(LATER_STILL))
                                 .when(new ApproveExtension(TASK, LATER, SUPERVISOR)),
                    STATE, "newDueDate", "The extension pending asks for " + LATER_STILL + ", not " + LATER);
        }

        @Test
        void a_rejection_naming_a_date_no_longer_pending_is_refused_naming_new_due_date() {
            expectRefused(fixture.given(registered(), claimed(), extensionRequested(LATER),
                                         new TaskExtensionRejected(TASK, LATER, "Not justified", SUPERVISOR),
                                         extensionRequested(LATER_STILL))
                                 .when(new RejectExtension(TASK, "Still not justified", LATER, SUPERVISOR)),
                    STATE, "newDueDate", "The extension pending asks for " + LATER_STILL);
        }

        @Test
        void a_rejection_naming_the_pending_date_rejects_it() {
            fixture.given(registered(), claimed(), extensionRequested(LATER))
                   .when(new RejectExtension(TASK, "Not justified", LATER, SUPERVISOR))
                   .expectEvents(new TaskExtensionRejected(TASK, LATER, "Not justified", SUPERVISOR));
        }

        @Test
        void an_approved_extension_is_no_longer_pending() {
            expectRefused(fixture.given(registered(), claimed(), extensionRequested(LATER),
                                         extensionApproved(DUE, LATER))
                                 .when(new ApproveExtension(TASK, SUPERVISOR)),
                    STATE, "There is no pending extension");
        }

        @Test
        void an_extension_pending_when_the_task_is_withdrawn_lapses() {
            expectRefused(fixture.given(registered(), claimed(), extensionRequested(LATER), withdrawn())
                                 .when(new ApproveExtension(TASK, SUPERVISOR)),
                    STATE, "There is no pending extension");
        }

        /**
         * Closure is refused while an extension is pending, so only a history recorded before
         * that rule can hold one at closing; it lapses all the same.
         */
        @Test
        void an_extension_pending_when_the_task_is_closed_lapses() {
            expectRefused(fixture.given(registered(), claimed(), extensionRequested(LATER), closureRequested(),
                                         closed(), reopened())
                                 .when(new ApproveExtension(TASK, SUPERVISOR)),
                    STATE, "There is no pending extension");
        }
    }

    @Nested
    class RequestClosureOf {

        private RequestClosure ask(Actor actor) {
            return new RequestClosure(TASK, "Acceptance report 2023-09-20", actor);
        }

        @Test
        void the_lead_department_requests_closure_with_evidence() {
            fixture.given(registered(), claimed(), progressReported(100))
                   .when(ask(LEAD))
                   .expectEvents(new TaskClosureRequested(TASK, "Acceptance report 2023-09-20", LEAD));
        }

        @Test
        void the_closure_request_records_each_evidence_file_with_its_size_and_digest() {
            List<EvidenceFile> files = List.of(new EvidenceFile("f1", "验收报告.pdf", 120_000,
                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
            fixture.given(registered(), claimed())
                   .when(new RequestClosure(TASK, "Acceptance report 2023-09-20", files, LEAD))
                   .expectEvents(new TaskClosureRequested(TASK, "Acceptance report 2023-09-20", files, LEAD));
        }

        @Test
        void a_supervisor_may_request_closure() {
            fixture.given(registered(), claimed())
                   .when(ask(SUPERVISOR))
                   .expectEvents(new TaskClosureRequested(TASK, "Acceptance report 2023-09-20", SUPERVISOR));
        }

        @Test
        void a_supporting_department_cannot_request_closure() {
            expectRefused(fixture.given(registered(), claimed()).when(ask(SUPPORTING)),
                    PERMISSION, "may only report progress");
        }

        @Test
        void a_department_cannot_request_closure_of_a_task_led_by_another() {
            expectRefused(fixture.given(registered(), claimed()).when(ask(OTHER_DEPARTMENT)),
                    PERMISSION, "Only the lead department TRANSPORT or a supervisor may request closure");
        }

        @Test
        void closure_of_an_unclaimed_task_is_refused_until_it_is_claimed() {
            expectRefused(fixture.given(registered()).when(ask(LEAD)),
                    STATE, "claim it first, then request closure");
        }

        @Test
        void closure_cannot_be_requested_while_an_extension_is_pending() {
            expectRefused(fixture.given(registered(), claimed(), extensionRequested(LATER)).when(ask(LEAD)),
                    STATE, "decide the pending extension first");
        }

        @Test
        void closure_cannot_be_requested_twice() {
            expectRefused(fixture.given(registered(), claimed(), closureRequested()).when(ask(LEAD)),
                    STATE, "Task is CLOSURE_REQUESTED");
        }
    }

    @Nested
    class CloseOrReturn {

        @Test
        void a_supervisor_closes_a_task_awaiting_closure() {
            fixture.given(registered(), claimed(), closureRequested())
                   .when(new CloseTask(TASK, SUPERVISOR))
                   .expectEvents(new TaskClosed(TASK, SUPERVISOR));
        }

        @Test
        void the_lead_department_cannot_close_its_own_task() {
            expectRefused(fixture.given(registered(), claimed(), closureRequested())
                                 .when(new CloseTask(TASK, LEAD)),
                    PERMISSION, "Only a supervisor may close a task");
        }

        @Test
        void a_task_nobody_asked_to_close_cannot_be_closed() {
            expectRefused(fixture.given(registered(), claimed(), progressReported(90))
                                 .when(new CloseTask(TASK, SUPERVISOR)),
                    STATE, "Task is IN_PROGRESS; only a task awaiting closure can be closed");
        }

        @Test
        void a_closed_task_cannot_be_closed_again() {
            expectRefused(fixture.given(registered(), claimed(), closureRequested(), closed())
                                 .when(new CloseTask(TASK, SUPERVISOR)),
                    STATE, "Task is CLOSED; only a task awaiting closure can be closed");
        }

        @Test
        void a_supervisor_returns_a_closure_request_saying_why() {
            fixture.given(registered(), claimed(), closureRequested())
                   .when(new ReturnTask(TASK, "Evidence missing", SUPERVISOR))
                   .expectEvents(new TaskReturned(TASK, "Evidence missing", SUPERVISOR));
        }

        @Test
        void a_department_cannot_return_a_closure_request() {
            expectRefused(fixture.given(registered(), claimed(), closureRequested())
                                 .when(new ReturnTask(TASK, "Not done", LEAD)),
                    PERMISSION, "Only a supervisor may return a closure request");
        }

        @Test
        void only_a_task_awaiting_closure_can_be_returned() {
            expectRefused(fixture.given(registered(), claimed())
                                 .when(new ReturnTask(TASK, "Not done", SUPERVISOR)),
                    STATE, "Task is CLAIMED; only a task awaiting closure can be returned");
        }

        @Test
        void a_closing_naming_the_pending_request_by_when_it_was_made_closes_the_task() {
            fixture.givenCurrentTime(ASKED)
                   .andGiven(registered(), claimed(), closureRequested())
                   .when(new CloseTask(TASK, ASKED, SUPERVISOR))
                   .expectEvents(new TaskClosed(TASK, SUPERVISOR));
        }

        /** The event store keeps an event's time to the millisecond, and the task view shows it so. */
        @Test
        void the_request_is_named_to_the_millisecond() {
            fixture.givenCurrentTime(ASKED.plusNanos(456_789))
                   .andGiven(registered(), claimed(), closureRequested())
                   .when(new ReturnTask(TASK, "Evidence missing", ASKED, SUPERVISOR))
                   .expectEvents(new TaskReturned(TASK, "Evidence missing", SUPERVISOR));
        }

        /**
         * "Return: photos missing", decided on the request the supervisor read, arrives after that request was
         * returned by another supervisor and the department asked again with the photos: it must not return
         * the newer request, which nobody has read.
         */
        @Test
        void a_return_naming_a_request_already_returned_is_refused_naming_closure_requested_at() {
            expectRefused(fixture.givenCurrentTime(ASKED)
                                 .andGiven(registered(), claimed(), closureRequested(),
                                         new TaskReturned(TASK, "Photos missing", SUPERVISOR))
                                 .andGivenCurrentTime(ASKED.plus(Duration.ofDays(2)))
                                 .andGiven(closureRequested())
                                 .when(new ReturnTask(TASK, "Photos missing", ASKED, SUPERVISOR)),
                    STATE, "closureRequestedAt",
                    "The closure request pending was made at " + ASKED.plus(Duration.ofDays(2)) + ", not " + ASKED);
        }

        @Test
        void a_closing_naming_a_request_already_returned_is_refused_naming_closure_requested_at() {
            expectRefused(fixture.givenCurrentTime(ASKED)
                                 .andGiven(registered(), claimed(), closureRequested(),
                                         new TaskReturned(TASK, "Photos missing", SUPERVISOR))
                                 .andGivenCurrentTime(ASKED.plus(Duration.ofDays(2)))
                                 .andGiven(closureRequested())
                                 .when(new CloseTask(TASK, ASKED, SUPERVISOR)),
                    STATE, "closureRequestedAt", "it was returned and asked for again since");
        }

        @Test
        void a_returned_task_is_back_in_progress_and_takes_reports_again() {
            fixture.given(registered(), claimed(), closureRequested(),
                          new TaskReturned(TASK, "Evidence missing", SUPERVISOR))
                   .when(new ReportProgress(TASK, "Photos added", 100, LEAD))
                   .expectEvents(new TaskProgressReported(TASK, "Photos added", 100, LEAD));
        }
    }

    @Nested
    class Reopen {

        private ReopenTask reopen(Actor actor) {
            return new ReopenTask(TASK, "Field check found the shoulder unfinished", actor);
        }

        @Test
        void a_supervisor_reopens_a_closed_task() {
            fixture.given(registered(), claimed(), closureRequested(), closed())
                   .when(reopen(SUPERVISOR))
                   .expectEvents(new TaskReopened(TASK, "Field check found the shoulder unfinished", SUPERVISOR));
        }

        @Test
        void a_department_cannot_reopen_a_task() {
            expectRefused(fixture.given(registered(), claimed(), closureRequested(), closed())
                                 .when(reopen(LEAD)),
                    PERMISSION, "Only a supervisor may reopen a task");
        }

        @Test
        void only_a_closed_task_can_be_reopened() {
            expectRefused(fixture.given(registered(), claimed()).when(reopen(SUPERVISOR)),
                    STATE, "Task is CLAIMED; only a closed task can be reopened");
        }

        @Test
        void a_withdrawn_task_cannot_be_reopened() {
            expectRefused(fixture.given(registered(), withdrawn()).when(reopen(SUPERVISOR)),
                    STATE, "Task is WITHDRAWN; only a closed task can be reopened");
        }

        @Test
        void a_reopened_task_is_back_in_progress_and_takes_reports_again() {
            fixture.given(registered(), claimed(), closureRequested(), closed(), reopened())
                   .when(new ReportProgress(TASK, "Shoulder paved", 100, LEAD))
                   .expectEvents(new TaskProgressReported(TASK, "Shoulder paved", 100, LEAD));
        }
    }

    @Nested
    class Withdraw {

        private WithdrawTask withdraw(Actor actor) {
            return new WithdrawTask(TASK, "Registered twice", actor);
        }

        @Test
        void a_supervisor_withdraws_a_task_registered_by_mistake() {
            fixture.given(registered())
                   .when(withdraw(SUPERVISOR))
                   .expectEvents(new TaskWithdrawn(TASK, "Registered twice", SUPERVISOR));
        }

        @Test
        void a_task_awaiting_closure_may_still_be_withdrawn() {
            fixture.given(registered(), claimed(), closureRequested())
                   .when(withdraw(SUPERVISOR))
                   .expectEvents(new TaskWithdrawn(TASK, "Registered twice", SUPERVISOR));
        }

        @Test
        void even_the_lead_department_cannot_withdraw_a_task() {
            expectRefused(fixture.given(registered(), claimed()).when(withdraw(LEAD)),
                    PERMISSION, "Only a supervisor may withdraw a task");
        }

        @Test
        void a_closed_task_cannot_be_withdrawn() {
            expectRefused(fixture.given(registered(), claimed(), closureRequested(), closed())
                                 .when(withdraw(SUPERVISOR)),
                    STATE, "Task is CLOSED; only an open task can be withdrawn");
        }

        @Test
        void a_withdrawn_task_cannot_be_withdrawn_again() {
            expectRefused(fixture.given(registered(), withdrawn()).when(withdraw(SUPERVISOR)),
                    STATE, "Task is WITHDRAWN; only an open task can be withdrawn");
        }
    }

    @Nested
    class Escalate {

        private EscalateTask escalate(String level, Actor actor) {
            return new EscalateTask(TASK, level, "No report for three weeks", actor);
        }

        @Test
        void a_supervisor_escalates_a_task_and_the_event_carries_the_level_and_its_label() {
            fixture.given(registered(), claimed())
                   .when(escalate("NOTICE", SUPERVISOR))
                   .expectEvents(new TaskEscalated(TASK, "NOTICE", "督办", "No report for three weeks", SUPERVISOR));
        }

        @Test
        void the_engine_escalates_a_task_on_its_own() {
            fixture.given(registered(), claimed())
                   .when(escalate("REMINDER", ENGINE))
                   .expectEvents(new TaskEscalated(TASK, "REMINDER", "催办", "No report for three weeks", ENGINE));
        }

        @Test
        void an_unclaimed_task_may_be_escalated() {
            fixture.given(registered())
                   .when(escalate("REMINDER", SUPERVISOR))
                   .expectEvents(new TaskEscalated(TASK, "REMINDER", "催办", "No report for three weeks", SUPERVISOR));
        }

        @Test
        void a_level_may_be_named_by_its_chinese_label() {
            fixture.given(registered(), claimed())
                   .when(escalate("专题调度", SUPERVISOR))
                   .expectEvents(new TaskEscalated(TASK, "SPECIAL_DISPATCH", "专题调度",
                           "No report for three weeks", SUPERVISOR));
        }

        @Test
        void the_lead_department_cannot_escalate_its_own_task() {
            expectRefused(fixture.given(registered(), claimed()).when(escalate("REMINDER", LEAD)),
                    PERMISSION, "Only a supervisor or the engine may escalate a task");
        }

        @Test
        void a_level_not_on_the_ladder_is_refused_with_the_valid_levels_listed() {
            expectInvalid(fixture.given(registered(), claimed()).when(escalate("URGENT", SUPERVISOR)),
                    "level", "Unknown escalation level 'URGENT'; valid levels are REMINDER (催办), NOTICE (督办), "
                            + "SPECIAL_DISPATCH (专题调度), TOP_DISPATCH (顶格调度)");
        }

        @Test
        void escalation_never_goes_down() {
            expectInvalid(fixture.given(registered(), claimed(), escalated("NOTICE", "督办"))
                                 .when(escalate("REMINDER", SUPERVISOR)),
                    "level", "already escalated to NOTICE (督办)");
        }

        @Test
        void the_same_level_may_be_repeated_as_another_reminder() {
            fixture.given(registered(), claimed(), escalated("REMINDER", "催办"))
                   .when(escalate("REMINDER", ENGINE))
                   .expectEvents(new TaskEscalated(TASK, "REMINDER", "催办", "No report for three weeks", ENGINE));
        }

        @Test
        void escalation_may_skip_levels_on_the_way_up() {
            fixture.given(registered(), claimed(), escalated("REMINDER", "催办"))
                   .when(escalate("TOP_DISPATCH", SUPERVISOR))
                   .expectEvents(new TaskEscalated(TASK, "TOP_DISPATCH", "顶格调度",
                           "No report for three weeks", SUPERVISOR));
        }

        @Test
        void a_reopened_task_keeps_its_escalation_level() {
            expectInvalid(fixture.given(registered(), claimed(), escalated("SPECIAL_DISPATCH", "专题调度"),
                                         closureRequested(), closed(), reopened())
                                 .when(escalate("NOTICE", SUPERVISOR)),
                    "level", "already escalated to SPECIAL_DISPATCH (专题调度)");
        }

        @Test
        void a_closed_task_cannot_be_escalated() {
            expectRefused(fixture.given(registered(), claimed(), closureRequested(), closed())
                                 .when(escalate("REMINDER", ENGINE)),
                    STATE, "Task is CLOSED; only an open task can be escalated");
        }

        @Test
        void a_withdrawn_task_cannot_be_escalated() {
            expectRefused(fixture.given(registered(), withdrawn()).when(escalate("REMINDER", ENGINE)),
                    STATE, "Task is WITHDRAWN; only an open task can be escalated");
        }

        @Test
        void an_office_may_escalate_on_its_own_ladder() {
            FixtureConfiguration<Task> office = new AggregateTestFixture<>(Task.class);
            office.registerInjectableResource(new EscalationLadder(List.of(
                    new EscalationLadder.Level("FRONTLINE", "一线调度"),
                    new EscalationLadder.Level("TOP", "顶格调度"))));
            office.given(registered(), claimed())
                  .when(escalate("一线调度", SUPERVISOR))
                  .expectEvents(new TaskEscalated(TASK, "FRONTLINE", "一线调度", "No report for three weeks",
                          SUPERVISOR));
        }
    }
}
