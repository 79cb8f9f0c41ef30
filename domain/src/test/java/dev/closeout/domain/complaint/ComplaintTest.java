package dev.closeout.domain.complaint;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.complaint.ComplaintCommand.AcceptComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.AssignComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.CloseComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ConvertComplaintToTask;
import dev.closeout.domain.complaint.ComplaintCommand.EscalateComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ReceiveComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.RecordSatisfaction;
import dev.closeout.domain.complaint.ComplaintCommand.RejectTransfer;
import dev.closeout.domain.complaint.ComplaintCommand.ReopenComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ReplyToComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.RequestTransfer;
import dev.closeout.domain.complaint.ComplaintCommand.TransferComplaint;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAccepted;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAssigned;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintClosed;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintConvertedToTask;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintEscalated;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReceived;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReopened;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReplied;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintSatisfactionRecorded;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferRejected;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferRequested;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferred;
import dev.closeout.domain.task.TaskId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.time.LocalDate;
import java.util.List;

import static dev.closeout.domain.common.CommandRefusedException.Reason.PERMISSION;
import static dev.closeout.domain.common.CommandRefusedException.Reason.STATE;
import static dev.closeout.domain.complaint.ComplaintExamples.CLOCK;
import static dev.closeout.domain.complaint.ComplaintExamples.COMPLAINT;
import static dev.closeout.domain.complaint.ComplaintExamples.DUE;
import static dev.closeout.domain.complaint.ComplaintExamples.ENGINE;
import static dev.closeout.domain.complaint.ComplaintExamples.HOUSING;
import static dev.closeout.domain.complaint.ComplaintExamples.NOW;
import static dev.closeout.domain.complaint.ComplaintExamples.OTHER_DEPARTMENT;
import static dev.closeout.domain.complaint.ComplaintExamples.POLICY;
import static dev.closeout.domain.complaint.ComplaintExamples.RECEIVED_AT;
import static dev.closeout.domain.complaint.ComplaintExamples.SUBJECT;
import static dev.closeout.domain.complaint.ComplaintExamples.SUPERVISOR;
import static dev.closeout.domain.complaint.ComplaintExamples.WATER;
import static dev.closeout.domain.complaint.ComplaintExamples.accepted;
import static dev.closeout.domain.complaint.ComplaintExamples.assigned;
import static dev.closeout.domain.complaint.ComplaintExamples.closed;
import static dev.closeout.domain.complaint.ComplaintExamples.convertedTo;
import static dev.closeout.domain.complaint.ComplaintExamples.escalated;
import static dev.closeout.domain.complaint.ComplaintExamples.rated;
import static dev.closeout.domain.complaint.ComplaintExamples.receive;
import static dev.closeout.domain.complaint.ComplaintExamples.received;
import static dev.closeout.domain.complaint.ComplaintExamples.reopened;
import static dev.closeout.domain.complaint.ComplaintExamples.replied;
import static dev.closeout.domain.complaint.ComplaintExamples.transferRequested;
import static dev.closeout.domain.complaint.ComplaintExamples.transferredToWater;
import static dev.closeout.domain.common.Refusal.expectInvalid;
import static dev.closeout.domain.common.Refusal.expectRefused;

// Axon's fixture stamps events by a clock it swaps in a static field: fixture classes take turns
@ResourceLock("axon-event-clock")
class ComplaintTest {

    private static final LocalDate LATER = DUE.plusMonths(1);
    /** The office's day by {@code CLOCK}: 2 June 2023 in Beijing. */
    private static final LocalDate TODAY = LocalDate.of(2023, 6, 2);
    private static final String LEDGER = "2023 三抓三促 攻坚任务台账";

    private FixtureConfiguration<Complaint> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Complaint.class);
        fixture.registerInjectableResource(EscalationLadder.DEFAULT);
        fixture.registerInjectableResource(CLOCK);
        fixture.registerInjectableResource(POLICY);
    }

    @Nested
    class Receive {

        @Test
        void a_supervisor_receives_a_complaint_as_it_arrived() {
            fixture.givenNoPriorActivity()
                   .when(receive(SUPERVISOR, RECEIVED_AT))
                   .expectSuccessfulHandlerExecution()
                   .expectEvents(received());
        }

        @Test
        void without_a_receipt_time_the_complaint_counts_as_received_now() {
            fixture.givenNoPriorActivity()
                   .when(receive(SUPERVISOR, null))
                   .expectEvents(received(NOW));
        }

        @Test
        void a_complaint_received_exactly_now_is_accepted() {
            fixture.givenNoPriorActivity()
                   .when(receive(SUPERVISOR, NOW))
                   .expectEvents(received(NOW));
        }

        @Test
        void an_anonymous_complaint_is_received_without_a_complainant() {
            ReceiveComplaint anonymous = new ReceiveComplaint(COMPLAINT, ComplaintChannel.HOTLINE_12345, null,
                    "路灯不亮", "The street lights on 东岗路 have been out for a week", null, null, null,
                    SUPERVISOR);
            fixture.givenNoPriorActivity()
                   .when(anonymous)
                   .expectEvents(new ComplaintReceived(COMPLAINT, ComplaintChannel.HOTLINE_12345, Referral.NONE,
                           "路灯不亮", "The street lights on 东岗路 have been out for a week", null, null, NOW,
                           SUPERVISOR));
        }

        @Test
        void a_receipt_time_later_than_now_is_refused() {
            expectInvalid(fixture.givenNoPriorActivity().when(receive(SUPERVISOR, NOW.plus(Complaint.CLOCK_TOLERANCE)
                            .plusSeconds(1))),
                    "receivedAt", "which is later than now (" + NOW + ")");
        }

        /** The 12345 platform's clock a second ahead of the office's is no reason to refuse its ticket. */
        @Test
        void a_receipt_time_a_little_ahead_of_the_clock_is_recorded_as_now() {
            ReceiveComplaint ahead = receive(SUPERVISOR, NOW.plusSeconds(2));
            fixture.givenNoPriorActivity()
                   .when(ahead)
                   .expectEvents(new ComplaintReceived(COMPLAINT, ahead.channel(), ahead.referredBy(), ahead.subject(),
                           ahead.content(), ahead.complainant(), ahead.category(), NOW, SUPERVISOR));
        }

        @Test
        void a_department_cannot_receive_a_complaint() {
            expectRefused(fixture.givenNoPriorActivity().when(receive(HOUSING, RECEIVED_AT)),
                    PERMISSION, "Only a supervisor may receive a complaint");
        }
    }

    @Nested
    class Assign {

        private AssignComplaint assign(Actor actor) {
            return new AssignComplaint(COMPLAINT, "HOUSING", DUE, actor);
        }

        @Test
        void a_supervisor_assigns_a_received_complaint_to_a_department_with_a_due_date() {
            fixture.given(received())
                   .when(assign(SUPERVISOR))
                   .expectEvents(new ComplaintAssigned(COMPLAINT, "HOUSING", DUE, SUPERVISOR));
        }

        @Test
        void a_due_date_already_past_is_accepted_for_a_complaint_that_arrived_late() {
            LocalDate longAgo = LocalDate.of(2023, 1, 1);
            fixture.given(received())
                   .when(new AssignComplaint(COMPLAINT, "HOUSING", longAgo, SUPERVISOR))
                   .expectEvents(new ComplaintAssigned(COMPLAINT, "HOUSING", longAgo, SUPERVISOR));
        }

        @Test
        void a_department_cannot_assign_a_complaint() {
            expectRefused(fixture.given(received()).when(assign(HOUSING)),
                    PERMISSION, "Only a supervisor may assign a complaint");
        }

        @Test
        void an_assigned_complaint_cannot_be_assigned_again_but_must_be_transferred() {
            expectRefused(fixture.given(received(), assigned()).when(assign(SUPERVISOR)),
                    STATE, "Complaint is ASSIGNED; only a complaint not yet assigned can be assigned, "
                            + "and an assigned one moves to another department by transfer");
        }

        @Test
        void a_closed_complaint_cannot_be_assigned() {
            expectRefused(fixture.given(received(), assigned(), accepted(), replied(), closed())
                                 .when(assign(SUPERVISOR)),
                    STATE, "Complaint is CLOSED");
        }
    }

    @Nested
    class Accept {

        @Test
        void the_assigned_department_accepts_the_complaint() {
            fixture.given(received(), assigned())
                   .when(new AcceptComplaint(COMPLAINT, HOUSING))
                   .expectEvents(new ComplaintAccepted(COMPLAINT, HOUSING));
        }

        @Test
        void a_supervisor_may_accept_a_complaint_and_is_recorded_as_themselves() {
            fixture.given(received(), assigned())
                   .when(new AcceptComplaint(COMPLAINT, SUPERVISOR))
                   .expectEvents(new ComplaintAccepted(COMPLAINT, SUPERVISOR));
        }

        @Test
        void a_department_cannot_accept_a_complaint_assigned_to_another() {
            expectRefused(fixture.given(received(), assigned()).when(new AcceptComplaint(COMPLAINT, WATER)),
                    PERMISSION, "Only the assigned department HOUSING or a supervisor may accept this complaint; "
                            + "you act for WATER");
        }

        @Test
        void a_department_cannot_accept_a_complaint_not_yet_assigned_to_anyone() {
            expectRefused(fixture.given(received()).when(new AcceptComplaint(COMPLAINT, HOUSING)),
                    PERMISSION, "The complaint is not assigned to any department yet");
        }

        @Test
        void a_complaint_not_yet_assigned_cannot_be_accepted_even_by_a_supervisor() {
            expectRefused(fixture.given(received()).when(new AcceptComplaint(COMPLAINT, SUPERVISOR)),
                    STATE, "Complaint is RECEIVED; only a complaint assigned and not yet signed for can be accepted");
        }

        @Test
        void an_accepted_complaint_cannot_be_accepted_again() {
            expectRefused(fixture.given(received(), assigned(), accepted())
                                 .when(new AcceptComplaint(COMPLAINT, HOUSING)),
                    STATE, "Complaint is ACCEPTED");
        }

        @Test
        void a_department_that_asked_for_a_transfer_cannot_accept_until_a_supervisor_decides() {
            expectRefused(fixture.given(received(), assigned(), transferRequested())
                                 .when(new AcceptComplaint(COMPLAINT, HOUSING)),
                    STATE, "A transfer request is pending; a supervisor must decide it before the complaint "
                            + "can be accepted");
        }

        @Test
        void after_a_rejected_transfer_request_the_department_accepts_the_complaint() {
            fixture.given(received(), assigned(), transferRequested(),
                           new ComplaintTransferRejected(COMPLAINT, "Roofs are housing's", SUPERVISOR))
                   .when(new AcceptComplaint(COMPLAINT, HOUSING))
                   .expectEvents(new ComplaintAccepted(COMPLAINT, HOUSING));
        }
    }

    @Nested
    class Reply {

        private ReplyToComplaint reply(Actor actor) {
            return new ReplyToComplaint(COMPLAINT, "Roof resealed on 15 June", actor);
        }

        @Test
        void the_assigned_department_replies_to_an_accepted_complaint() {
            fixture.given(received(), assigned(), accepted())
                   .when(reply(HOUSING))
                   .expectEvents(new ComplaintReplied(COMPLAINT, "Roof resealed on 15 June", HOUSING));
        }

        @Test
        void a_supervisor_may_reply_on_behalf_of_the_department() {
            fixture.given(received(), assigned(), accepted())
                   .when(reply(SUPERVISOR))
                   .expectEvents(new ComplaintReplied(COMPLAINT, "Roof resealed on 15 June", SUPERVISOR));
        }

        @Test
        void another_department_cannot_reply() {
            expectRefused(fixture.given(received(), assigned(), accepted()).when(reply(OTHER_DEPARTMENT)),
                    PERMISSION, "Only the assigned department HOUSING or a supervisor may reply to this complaint");
        }

        @Test
        void a_complaint_must_be_accepted_before_it_is_replied_to() {
            expectRefused(fixture.given(received(), assigned()).when(reply(HOUSING)),
                    STATE, "Complaint is ASSIGNED; accept it first, then reply");
        }

        @Test
        void a_replied_complaint_cannot_be_replied_to_again_without_reopening() {
            expectRefused(fixture.given(received(), assigned(), accepted(), replied()).when(reply(HOUSING)),
                    STATE, "Complaint is REPLIED; only an accepted complaint can be replied to");
        }

        @Test
        void a_department_that_asked_for_a_transfer_cannot_reply_until_a_supervisor_decides() {
            expectRefused(fixture.given(received(), assigned(), accepted(), transferRequested())
                                 .when(reply(HOUSING)),
                    STATE, "A transfer request is pending; a supervisor must decide it before the complaint "
                            + "can be replied to");
        }
    }

    @Nested
    class RequestATransfer {

        private RequestTransfer request(Actor actor) {
            return new RequestTransfer(COMPLAINT, "The leak comes from the water main", actor);
        }

        @Test
        void the_assigned_department_asks_for_a_transfer_before_accepting() {
            fixture.given(received(), assigned())
                   .when(request(HOUSING))
                   .expectEvents(new ComplaintTransferRequested(COMPLAINT, "The leak comes from the water main",
                           HOUSING));
        }

        @Test
        void the_assigned_department_may_ask_for_a_transfer_after_accepting() {
            fixture.given(received(), assigned(), accepted())
                   .when(request(HOUSING))
                   .expectEvents(transferRequested());
        }

        @Test
        void another_department_cannot_ask_for_the_transfer() {
            expectRefused(fixture.given(received(), assigned()).when(request(WATER)),
                    PERMISSION, "Only the assigned department HOUSING or a supervisor may request a transfer");
        }

        @Test
        void only_one_transfer_request_may_be_pending_at_a_time() {
            expectRefused(fixture.given(received(), assigned(), transferRequested()).when(request(HOUSING)),
                    STATE, "A transfer request is pending; wait for a supervisor to decide it before asking again");
        }

        @Test
        void a_department_cannot_ask_to_transfer_a_complaint_it_has_replied_to() {
            expectRefused(fixture.given(received(), assigned(), accepted(), replied()).when(request(HOUSING)),
                    STATE, "Complaint is REPLIED; only a complaint assigned or accepted, and not yet replied to, "
                            + "can be transferred");
        }
    }

    @Nested
    class DecideATransfer {

        private TransferComplaint transferToWater(Actor actor) {
            return new TransferComplaint(COMPLAINT, "WATER", LATER, "Water main", actor);
        }

        @Test
        void a_supervisor_grants_a_transfer_request_by_transferring_to_another_department() {
            fixture.given(received(), assigned(), transferRequested())
                   .when(transferToWater(SUPERVISOR))
                   .expectEvents(new ComplaintTransferred(COMPLAINT, "HOUSING", "WATER", LATER, "Water main", true,
                           SUPERVISOR));
        }

        @Test
        void a_transfer_without_a_new_time_limit_keeps_the_current_one() {
            fixture.given(received(), assigned(), accepted())
                   .when(new TransferComplaint(COMPLAINT, "WATER", null, "Water main", SUPERVISOR))
                   .expectEvents(new ComplaintTransferred(COMPLAINT, "HOUSING", "WATER", DUE, "Water main", false,
                           SUPERVISOR));
        }

        @Test
        void a_transfer_without_a_new_time_limit_once_the_current_one_has_passed_is_refused_naming_dueDate() {
            expectInvalid(fixture.given(received(), new ComplaintAssigned(COMPLAINT, "HOUSING", TODAY.minusDays(1),
                                         SUPERVISOR), accepted())
                                 .when(new TransferComplaint(COMPLAINT, "WATER", null, "Water main", SUPERVISOR)),
                    "dueDate", "The complaint's time limit (2023-06-01) has passed; give the new department a due "
                            + "date of today (2023-06-02) or later");
        }

        @Test
        void a_transfer_without_a_new_time_limit_keeps_one_due_today() {
            fixture.given(received(), new ComplaintAssigned(COMPLAINT, "HOUSING", TODAY, SUPERVISOR))
                   .when(new TransferComplaint(COMPLAINT, "WATER", null, "Water main", SUPERVISOR))
                   .expectEvents(new ComplaintTransferred(COMPLAINT, "HOUSING", "WATER", TODAY, "Water main", false,
                           SUPERVISOR));
        }

        @Test
        void a_transfer_to_a_due_date_that_has_passed_is_refused_naming_dueDate() {
            expectInvalid(fixture.given(received(), assigned(), transferRequested())
                                 .when(new TransferComplaint(COMPLAINT, "WATER", TODAY.minusDays(1), "Water main",
                                         SUPERVISOR)),
                    "dueDate", "The new due date 2023-06-01 has passed already");
        }

        @Test
        void a_supervisor_may_transfer_on_their_own_initiative() {
            fixture.given(received(), assigned(), accepted())
                   .when(transferToWater(SUPERVISOR))
                   .expectEvents(new ComplaintTransferred(COMPLAINT, "HOUSING", "WATER", LATER, "Water main", false,
                           SUPERVISOR));
        }

        @Test
        void a_supervisor_rejects_a_transfer_request_saying_why() {
            fixture.given(received(), assigned(), transferRequested())
                   .when(new RejectTransfer(COMPLAINT, "Roofs are housing's", SUPERVISOR))
                   .expectEvents(new ComplaintTransferRejected(COMPLAINT, "Roofs are housing's", SUPERVISOR));
        }

        @Test
        void the_department_cannot_transfer_the_complaint_itself() {
            expectRefused(fixture.given(received(), assigned(), transferRequested()).when(transferToWater(HOUSING)),
                    PERMISSION, "Only a supervisor may transfer a complaint");
        }

        @Test
        void a_department_cannot_reject_a_transfer_request() {
            expectRefused(fixture.given(received(), assigned(), transferRequested())
                                 .when(new RejectTransfer(COMPLAINT, "No", WATER)),
                    PERMISSION, "Only a supervisor may reject a transfer request");
        }

        @Test
        void there_must_be_a_pending_request_to_reject() {
            expectRefused(fixture.given(received(), assigned())
                                 .when(new RejectTransfer(COMPLAINT, "No", SUPERVISOR)),
                    STATE, "There is no pending transfer request to reject");
        }

        @Test
        void a_transfer_must_name_another_department() {
            expectInvalid(fixture.given(received(), assigned())
                                 .when(new TransferComplaint(COMPLAINT, "HOUSING", LATER, "Again", SUPERVISOR)),
                    "department", "The complaint is already assigned to HOUSING");
        }

        @Test
        void a_complaint_not_yet_assigned_is_assigned_rather_than_transferred() {
            expectRefused(fixture.given(received()).when(transferToWater(SUPERVISOR)),
                    STATE, "Complaint is RECEIVED; assign it to a department rather than transfer it");
        }

        @Test
        void a_replied_complaint_cannot_be_transferred() {
            expectRefused(fixture.given(received(), assigned(), accepted(), replied())
                                 .when(transferToWater(SUPERVISOR)),
                    STATE, "Complaint is REPLIED; only a complaint assigned or accepted");
        }

        @Test
        void a_closed_complaint_cannot_be_transferred() {
            expectRefused(fixture.given(received(), assigned(), accepted(), replied(), closed())
                                 .when(transferToWater(SUPERVISOR)),
                    STATE, "Complaint is CLOSED");
        }

        @Test
        void the_new_department_must_accept_the_transferred_complaint_itself() {
            fixture.given(received(), assigned(), accepted(), transferredToWater())
                   .when(new AcceptComplaint(COMPLAINT, WATER))
                   .expectEvents(new ComplaintAccepted(COMPLAINT, WATER));
        }

        @Test
        void the_former_department_loses_the_complaint_on_transfer() {
            expectRefused(fixture.given(received(), assigned(), accepted(), transferredToWater())
                                 .when(new RequestTransfer(COMPLAINT, "Ours after all", HOUSING)),
                    PERMISSION, "Only the assigned department WATER or a supervisor");
        }

        @Test
        void a_granted_request_is_no_longer_pending() {
            expectRefused(fixture.given(received(), assigned(), transferRequested(), transferredToWater())
                                 .when(new RejectTransfer(COMPLAINT, "Too late", SUPERVISOR)),
                    STATE, "There is no pending transfer request to reject");
        }

        @Test
        void after_a_rejected_request_the_department_may_ask_again() {
            fixture.given(received(), assigned(), transferRequested(),
                           new ComplaintTransferRejected(COMPLAINT, "Roofs are housing's", SUPERVISOR))
                   .when(new RequestTransfer(COMPLAINT, "The surveyor confirms the water main", HOUSING))
                   .expectEvents(new ComplaintTransferRequested(COMPLAINT, "The surveyor confirms the water main",
                           HOUSING));
        }
    }

    @Nested
    class RateSatisfaction {

        private RecordSatisfaction rate(Satisfaction rating, Actor actor) {
            return new RecordSatisfaction(COMPLAINT, rating, "Reached by phone", actor);
        }

        @Test
        void a_supervisor_records_the_complainants_rating_of_a_reply() {
            fixture.given(received(), assigned(), accepted(), replied())
                   .when(rate(Satisfaction.BASICALLY_SATISFIED, SUPERVISOR))
                   .expectEvents(new ComplaintSatisfactionRecorded(COMPLAINT, Satisfaction.BASICALLY_SATISFIED,
                           "Reached by phone", SUPERVISOR));
        }

        @Test
        void a_rating_may_be_recorded_after_closure_on_a_return_visit() {
            fixture.given(received(), assigned(), accepted(), replied(), closed())
                   .when(rate(Satisfaction.SATISFIED, SUPERVISOR))
                   .expectEvents(new ComplaintSatisfactionRecorded(COMPLAINT, Satisfaction.SATISFIED,
                           "Reached by phone", SUPERVISOR));
        }

        @Test
        void the_department_cannot_rate_its_own_reply() {
            expectRefused(fixture.given(received(), assigned(), accepted(), replied())
                                 .when(rate(Satisfaction.SATISFIED, HOUSING)),
                    PERMISSION, "Only a supervisor may record the complainant's satisfaction");
        }

        @Test
        void there_must_be_a_reply_to_rate() {
            expectRefused(fixture.given(received(), assigned(), accepted())
                                 .when(rate(Satisfaction.SATISFIED, SUPERVISOR)),
                    STATE, "Complaint is ACCEPTED; satisfaction can be recorded only once the complaint has been "
                            + "replied to");
        }

        @Test
        void a_reply_is_rated_only_once() {
            expectRefused(fixture.given(received(), assigned(), accepted(), replied(), rated(Satisfaction.SATISFIED))
                                 .when(rate(Satisfaction.DISSATISFIED, SUPERVISOR)),
                    STATE, "The reply is already rated SATISFIED; a new rating needs a new reply");
        }

        @Test
        void a_new_reply_after_reopening_may_be_rated_again() {
            fixture.given(received(), assigned(), accepted(), replied(), rated(Satisfaction.DISSATISFIED),
                           reopened(), accepted(), replied())
                   .when(rate(Satisfaction.SATISFIED, SUPERVISOR))
                   .expectEvents(new ComplaintSatisfactionRecorded(COMPLAINT, Satisfaction.SATISFIED,
                           "Reached by phone", SUPERVISOR));
        }
    }

    @Nested
    class Close {

        @Test
        void a_supervisor_closes_a_replied_complaint() {
            fixture.given(received(), assigned(), accepted(), replied())
                   .when(new CloseComplaint(COMPLAINT, SUPERVISOR))
                   .expectEvents(new ComplaintClosed(COMPLAINT, SUPERVISOR));
        }

        @Test
        void a_dissatisfied_rating_does_not_bar_closure() {
            fixture.given(received(), assigned(), accepted(), replied(), rated(Satisfaction.DISSATISFIED))
                   .when(new CloseComplaint(COMPLAINT, SUPERVISOR))
                   .expectEvents(new ComplaintClosed(COMPLAINT, SUPERVISOR));
        }

        @Test
        void the_department_cannot_close_the_complaint() {
            expectRefused(fixture.given(received(), assigned(), accepted(), replied())
                                 .when(new CloseComplaint(COMPLAINT, HOUSING)),
                    PERMISSION, "Only a supervisor may close a complaint");
        }

        @Test
        void a_complaint_without_a_reply_cannot_be_closed() {
            expectRefused(fixture.given(received(), assigned(), accepted())
                                 .when(new CloseComplaint(COMPLAINT, SUPERVISOR)),
                    STATE, "Complaint is ACCEPTED; only a complaint that has been replied to can be closed");
        }

        @Test
        void a_closed_complaint_cannot_be_closed_again() {
            expectRefused(fixture.given(received(), assigned(), accepted(), replied(), closed())
                                 .when(new CloseComplaint(COMPLAINT, SUPERVISOR)),
                    STATE, "Complaint is CLOSED");
        }
    }

    @Nested
    class Reopen {

        private ReopenComplaint reopen(LocalDate dueDate, Actor actor) {
            return new ReopenComplaint(COMPLAINT, "Still leaking after the first storm", dueDate, actor);
        }

        @Test
        void a_supervisor_reopens_a_replied_complaint_whose_reply_is_rated_dissatisfied() {
            fixture.given(received(), assigned(), accepted(), replied(), rated(Satisfaction.DISSATISFIED))
                   .when(reopen(DUE, SUPERVISOR))
                   .expectEvents(reopened());
        }

        @Test
        void a_supervisor_reopens_a_closed_complaint_whatever_its_rating() {
            fixture.given(received(), assigned(), accepted(), replied(), rated(Satisfaction.SATISFIED), closed())
                   .when(reopen(DUE, SUPERVISOR))
                   .expectEvents(reopened());
        }

        @Test
        void reopening_gives_the_department_a_new_due_date() {
            fixture.given(received(), assigned(), accepted(), replied(), closed())
                   .when(reopen(LATER, SUPERVISOR))
                   .expectEvents(new ComplaintReopened(COMPLAINT, "Still leaking after the first storm", LATER,
                           SUPERVISOR));
        }

        @Test
        void a_new_due_date_of_today_in_the_office_is_accepted() {
            fixture.given(received(), assigned(), accepted(), replied(), closed())
                   .when(reopen(TODAY, SUPERVISOR))
                   .expectEvents(new ComplaintReopened(COMPLAINT, "Still leaking after the first storm", TODAY,
                           SUPERVISOR));
        }

        @Test
        void a_new_due_date_that_has_passed_is_refused_naming_dueDate() {
            expectInvalid(fixture.given(received(), assigned(), accepted(), replied(), closed())
                                 .when(reopen(TODAY.minusDays(1), SUPERVISOR)),
                    "dueDate", "The new due date 2023-06-01 has passed already; give today (2023-06-02) or later");
        }

        @Test
        void the_department_cannot_reopen_the_complaint() {
            expectRefused(fixture.given(received(), assigned(), accepted(), replied(), closed())
                                 .when(reopen(DUE, HOUSING)),
                    PERMISSION, "Only a supervisor may reopen a complaint");
        }

        @Test
        void a_replied_complaint_not_yet_rated_cannot_be_reopened() {
            expectRefused(fixture.given(received(), assigned(), accepted(), replied())
                                 .when(reopen(DUE, SUPERVISOR)),
                    STATE, "Complaint is REPLIED and its reply is not rated yet; a replied complaint can be "
                            + "reopened only when the complainant is dissatisfied");
        }

        @Test
        void a_replied_complaint_rated_satisfied_cannot_be_reopened() {
            expectRefused(fixture.given(received(), assigned(), accepted(), replied(),
                                         rated(Satisfaction.BASICALLY_SATISFIED))
                                 .when(reopen(DUE, SUPERVISOR)),
                    STATE, "its reply is rated BASICALLY_SATISFIED");
        }

        @Test
        void a_complaint_still_being_handled_cannot_be_reopened() {
            expectRefused(fixture.given(received(), assigned(), accepted()).when(reopen(DUE, SUPERVISOR)),
                    STATE, "Complaint is ACCEPTED; only a replied or closed complaint can be reopened");
        }

        @Test
        void a_reopened_complaint_goes_back_to_the_same_department_which_must_accept_it_again() {
            fixture.given(received(), assigned(), accepted(), replied(), closed(), reopened())
                   .when(new AcceptComplaint(COMPLAINT, HOUSING))
                   .expectEvents(new ComplaintAccepted(COMPLAINT, HOUSING));
        }

        @Test
        void a_reopened_complaint_cannot_be_replied_to_before_it_is_accepted_again() {
            expectRefused(fixture.given(received(), assigned(), accepted(), replied(), closed(), reopened())
                                 .when(new ReplyToComplaint(COMPLAINT, "Resealed again", HOUSING)),
                    STATE, "Complaint is ASSIGNED; accept it first, then reply");
        }

        @Test
        void a_reopened_complaint_stays_with_its_department() {
            expectRefused(fixture.given(received(), assigned(), accepted(), replied(), closed(), reopened())
                                 .when(new AcceptComplaint(COMPLAINT, WATER)),
                    PERMISSION, "Only the assigned department HOUSING");
        }
    }

    @Nested
    class Escalate {

        private EscalateComplaint escalate(String level, Actor actor) {
            return new EscalateComplaint(COMPLAINT, level, "No answer within the time limit", actor);
        }

        @Test
        void a_supervisor_escalates_a_complaint_and_the_event_carries_the_level_and_its_label() {
            fixture.given(received(), assigned())
                   .when(escalate("NOTICE", SUPERVISOR))
                   .expectEvents(new ComplaintEscalated(COMPLAINT, "NOTICE", "督办", "No answer within the time limit",
                           SUPERVISOR));
        }

        @Test
        void the_engine_escalates_a_complaint_on_its_own() {
            fixture.given(received(), assigned())
                   .when(escalate("REMINDER", ENGINE))
                   .expectEvents(new ComplaintEscalated(COMPLAINT, "REMINDER", "催办",
                           "No answer within the time limit", ENGINE));
        }

        @Test
        void a_level_may_be_named_by_its_chinese_label() {
            fixture.given(received(), assigned(), accepted())
                   .when(escalate("顶格调度", SUPERVISOR))
                   .expectEvents(new ComplaintEscalated(COMPLAINT, "TOP_DISPATCH", "顶格调度",
                           "No answer within the time limit", SUPERVISOR));
        }

        @Test
        void a_replied_complaint_awaiting_closure_is_still_open_and_may_be_escalated() {
            fixture.given(received(), assigned(), accepted(), replied())
                   .when(escalate("REMINDER", ENGINE))
                   .expectEvents(new ComplaintEscalated(COMPLAINT, "REMINDER", "催办",
                           "No answer within the time limit", ENGINE));
        }

        @Test
        void the_assigned_department_cannot_escalate_its_own_complaint() {
            expectRefused(fixture.given(received(), assigned()).when(escalate("REMINDER", HOUSING)),
                    PERMISSION, "Only a supervisor or the engine may escalate a complaint");
        }

        @Test
        void a_level_not_on_the_ladder_is_refused_with_the_valid_levels_listed() {
            expectInvalid(fixture.given(received(), assigned()).when(escalate("URGENT", SUPERVISOR)),
                    "level", "Unknown escalation level 'URGENT'; valid levels are REMINDER (催办), NOTICE (督办), "
                            + "SPECIAL_DISPATCH (专题调度), TOP_DISPATCH (顶格调度)");
        }

        @Test
        void escalation_never_goes_down() {
            expectInvalid(fixture.given(received(), assigned(), escalated("NOTICE", "督办"))
                                 .when(escalate("REMINDER", SUPERVISOR)),
                    "level", "Complaint is already escalated to NOTICE (督办); escalation never goes down");
        }

        @Test
        void the_same_level_may_be_repeated_as_another_reminder() {
            fixture.given(received(), assigned(), escalated("REMINDER", "催办"))
                   .when(escalate("REMINDER", ENGINE))
                   .expectEvents(new ComplaintEscalated(COMPLAINT, "REMINDER", "催办",
                           "No answer within the time limit", ENGINE));
        }

        @Test
        void a_reopened_complaint_keeps_its_escalation_level() {
            expectInvalid(fixture.given(received(), assigned(), escalated("SPECIAL_DISPATCH", "专题调度"), accepted(),
                                         replied(), closed(), reopened())
                                 .when(escalate("NOTICE", SUPERVISOR)),
                    "level", "already escalated to SPECIAL_DISPATCH (专题调度)");
        }

        @Test
        void a_closed_complaint_cannot_be_escalated() {
            expectRefused(fixture.given(received(), assigned(), accepted(), replied(), closed())
                                 .when(escalate("REMINDER", ENGINE)),
                    STATE, "Complaint is CLOSED; only an open complaint can be escalated");
        }

        @Test
        void an_office_may_escalate_on_its_own_ladder() {
            FixtureConfiguration<Complaint> office = new AggregateTestFixture<>(Complaint.class);
            office.registerInjectableResource(new EscalationLadder(List.of(
                    new EscalationLadder.Level("FRONTLINE", "一线调度"),
                    new EscalationLadder.Level("TOP", "顶格调度"))));
            office.registerInjectableResource(CLOCK);
            office.registerInjectableResource(POLICY);
            office.given(received(), assigned())
                  .when(escalate("一线调度", SUPERVISOR))
                  .expectEvents(new ComplaintEscalated(COMPLAINT, "FRONTLINE", "一线调度",
                          "No answer within the time limit", SUPERVISOR));
        }
    }

    @Nested
    class ConvertToTask {

        private static final TaskId ROOF_TASK = new TaskId("roof-repair-block-3");
        private static final LocalDate TASK_DUE = DUE.plusMonths(3);

        private ConvertComplaintToTask convert(TaskId taskId, String title, String leadDepartment, Actor actor) {
            return new ConvertComplaintToTask(COMPLAINT, taskId, LEDGER, title, leadDepartment, TASK_DUE, actor);
        }

        @Test
        void a_supervisor_converts_a_complaint_into_a_task_titled_by_its_subject_and_led_by_its_department() {
            fixture.given(received(), assigned(), accepted())
                   .when(convert(ROOF_TASK, null, null, SUPERVISOR))
                   .expectEvents(new ComplaintConvertedToTask(COMPLAINT, ROOF_TASK, LEDGER, SUBJECT, "HOUSING",
                           TASK_DUE, SUPERVISOR));
        }

        @Test
        void a_task_titled_by_a_subject_that_repeats_the_complainant_is_titled_with_them_masked() {
            ComplaintReceived plain = received();
            Complainant complainant = new Complainant("张三", "13800138000");
            fixture.given(new ComplaintReceived(COMPLAINT, plain.channel(), plain.referredBy(),
                            "市民张三（13800138000）反映屋面漏水", plain.content(), complainant, plain.category(),
                            plain.receivedAt(), SUPERVISOR), assigned())
                   .when(convert(ROOF_TASK, null, null, SUPERVISOR))
                   .expectEvents(new ComplaintConvertedToTask(COMPLAINT, ROOF_TASK, LEDGER,
                           "市民张*（138****8000）反映屋面漏水", "HOUSING", TASK_DUE, SUPERVISOR));
        }

        @Test
        void the_task_may_get_its_own_title_and_lead_department() {
            fixture.given(received(), assigned())
                   .when(convert(ROOF_TASK, "安置小区屋面整改", "CONSTRUCTION", SUPERVISOR))
                   .expectEvents(new ComplaintConvertedToTask(COMPLAINT, ROOF_TASK, LEDGER, "安置小区屋面整改",
                           "CONSTRUCTION", TASK_DUE, SUPERVISOR));
        }

        @Test
        void a_complaint_not_yet_assigned_may_be_converted_when_the_lead_department_is_named() {
            fixture.given(received())
                   .when(convert(ROOF_TASK, null, "HOUSING", SUPERVISOR))
                   .expectEvents(new ComplaintConvertedToTask(COMPLAINT, ROOF_TASK, LEDGER, SUBJECT, "HOUSING",
                           TASK_DUE, SUPERVISOR));
        }

        @Test
        void a_complaint_not_yet_assigned_cannot_be_converted_without_a_lead_department() {
            expectInvalid(fixture.given(received()).when(convert(ROOF_TASK, null, null, SUPERVISOR)),
                    "leadDepartment", "The complaint is not assigned to a department yet, so name the lead "
                            + "department of the new task");
        }

        @Test
        void a_complaint_may_give_rise_to_several_tasks() {
            TaskId drainageTask = new TaskId("drainage-block-3");
            fixture.given(received(), assigned(), convertedTo(ROOF_TASK))
                   .when(convert(drainageTask, "排水管网改造", null, SUPERVISOR))
                   .expectEvents(new ComplaintConvertedToTask(COMPLAINT, drainageTask, LEDGER, "排水管网改造",
                           "HOUSING", TASK_DUE, SUPERVISOR));
        }

        @Test
        void the_conversion_answers_what_it_recorded() {
            fixture.given(received(), assigned())
                   .when(convert(ROOF_TASK, null, null, SUPERVISOR))
                   .expectResultMessagePayload(new ComplaintConvertedToTask(COMPLAINT, ROOF_TASK, LEDGER, SUBJECT,
                           "HOUSING", TASK_DUE, SUPERVISOR));
        }

        @Test
        void converting_again_into_the_same_task_answers_the_first_conversion_and_records_nothing() {
            fixture.given(received(), assigned(), convertedTo(ROOF_TASK), accepted(), replied(), closed())
                   .when(convert(ROOF_TASK, "另一个标题", "CONSTRUCTION", SUPERVISOR))
                   .expectNoEvents()
                   .expectResultMessagePayload(convertedTo(ROOF_TASK));
        }

        @Test
        void only_a_supervisor_learns_of_an_earlier_conversion() {
            expectRefused(fixture.given(received(), assigned(), convertedTo(ROOF_TASK))
                                 .when(convert(ROOF_TASK, null, null, HOUSING)),
                    PERMISSION, "Only a supervisor may convert a complaint into a task");
        }

        @Test
        void the_complaint_carries_on_after_conversion() {
            fixture.given(received(), assigned(), convertedTo(ROOF_TASK))
                   .when(new AcceptComplaint(COMPLAINT, HOUSING))
                   .expectEvents(new ComplaintAccepted(COMPLAINT, HOUSING));
        }

        @Test
        void the_department_cannot_convert_its_complaint_into_a_task() {
            expectRefused(fixture.given(received(), assigned()).when(convert(ROOF_TASK, null, null, HOUSING)),
                    PERMISSION, "Only a supervisor may convert a complaint into a task");
        }

        @Test
        void a_closed_complaint_cannot_be_converted() {
            expectRefused(fixture.given(received(), assigned(), accepted(), replied(), closed())
                                 .when(convert(ROOF_TASK, null, null, SUPERVISOR)),
                    STATE, "Complaint is CLOSED; only an open complaint can be converted into a task");
        }
    }
}
