package dev.closeout.domain.complaint;

import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.complaint.ComplaintCommand.CheckComplaintDeadline;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAssigned;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintEscalated;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintNotAcceptedInTime;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintNotAnsweredInTime;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferRejected;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferred;
import dev.closeout.domain.time.DeadlinePolicy;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static dev.closeout.domain.complaint.ComplaintExamples.CLOCK;
import static dev.closeout.domain.complaint.ComplaintExamples.COMPLAINT;
import static dev.closeout.domain.complaint.ComplaintExamples.ENGINE;
import static dev.closeout.domain.complaint.ComplaintExamples.HOUSING;
import static dev.closeout.domain.complaint.ComplaintExamples.SUPERVISOR;
import static dev.closeout.domain.complaint.ComplaintExamples.accepted;
import static dev.closeout.domain.complaint.ComplaintExamples.closed;
import static dev.closeout.domain.complaint.ComplaintExamples.escalated;
import static dev.closeout.domain.complaint.ComplaintExamples.received;
import static dev.closeout.domain.complaint.ComplaintExamples.replied;
import static dev.closeout.domain.complaint.ComplaintExamples.transferRequested;

/**
 * The engine's deadline check on a complaint assigned on Monday 2 June 2025 (Beijing time), due
 * Tuesday 10 June: to be accepted within one working day (by 3 June), answered by 10 June.
 */
// Axon's fixture stamps events by a clock it swaps in a static field: fixture classes take turns
@ResourceLock("axon-event-clock")
class ComplaintDeadlineTest {

    private static final Instant ASSIGNED_AT = Instant.parse("2025-06-02T02:00:00Z");
    private static final LocalDate ACCEPT_BY = LocalDate.of(2025, 6, 3);
    private static final LocalDate DUE = LocalDate.of(2025, 6, 10);

    private FixtureConfiguration<Complaint> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Complaint.class);
        fixture.registerInjectableResource(EscalationLadder.DEFAULT);
        fixture.registerInjectableResource(CLOCK);
        fixture.registerInjectableResource(DeadlinePolicy.standard(ZoneId.of("Asia/Shanghai")));
    }

    /** The events' timestamps are the fixture's current time, so the assignment happens on 2 June. */
    private TestExecutor<Complaint> given(Object... events) {
        return fixture.givenCurrentTime(ASSIGNED_AT).andGiven(events);
    }

    private static ComplaintAssigned assigned() {
        return new ComplaintAssigned(COMPLAINT, "HOUSING", DUE, SUPERVISOR);
    }

    private static ComplaintTransferRejected rejected() {
        return new ComplaintTransferRejected(COMPLAINT, "Roofs are housing's", SUPERVISOR);
    }

    private static CheckComplaintDeadline check(LocalDate today) {
        return new CheckComplaintDeadline(COMPLAINT, today, ENGINE);
    }

    @Test
    void a_complaint_accepted_and_within_its_time_limit_records_nothing() {
        given(received(), assigned(), accepted()).when(check(LocalDate.of(2025, 6, 9))).expectNoEvents();
    }

    @Test
    void a_complaint_not_accepted_by_the_next_working_day_is_recorded_once() {
        given(received(), assigned()).when(check(LocalDate.of(2025, 6, 4)))
                .expectEvents(new ComplaintNotAcceptedInTime(COMPLAINT, "HOUSING", ACCEPT_BY, ENGINE));
    }

    @Test
    void a_complaint_not_accepted_is_not_recorded_again() {
        given(received(), assigned(), new ComplaintNotAcceptedInTime(COMPLAINT, "HOUSING", ACCEPT_BY, ENGINE))
                .when(check(LocalDate.of(2025, 6, 5))).expectNoEvents();
    }

    @Test
    void a_transfer_gives_the_new_department_its_own_acceptance_limit() {
        given(received(), assigned(), new ComplaintNotAcceptedInTime(COMPLAINT, "HOUSING", ACCEPT_BY, ENGINE),
                new ComplaintTransferred(COMPLAINT, "HOUSING", "WATER", DUE, "Water main", false, SUPERVISOR))
                .when(check(LocalDate.of(2025, 6, 4)))
                .expectEvents(new ComplaintNotAcceptedInTime(COMPLAINT, "WATER", ACCEPT_BY, ENGINE));
    }

    @Test
    void a_complaint_not_replied_to_by_its_due_date_is_recorded_and_escalated() {
        given(received(), assigned(), accepted()).when(check(LocalDate.of(2025, 6, 11)))
                .expectEvents(new ComplaintNotAnsweredInTime(COMPLAINT, "HOUSING", DUE, ENGINE),
                        new ComplaintEscalated(COMPLAINT, "REMINDER", "催办", "1 working days overdue", ENGINE));
    }

    @Test
    void a_complaint_not_answered_is_recorded_only_once_per_due_date() {
        given(received(), assigned(), accepted(), new ComplaintNotAnsweredInTime(COMPLAINT, "HOUSING", DUE, ENGINE),
                new ComplaintEscalated(COMPLAINT, "REMINDER", "催办", "1 working days overdue", ENGINE))
                .when(check(LocalDate.of(2025, 6, 12))).expectNoEvents();
    }

    @Test
    void automatic_escalation_of_a_complaint_never_goes_down() {
        given(received(), assigned(), accepted(), escalated("TOP_DISPATCH", "顶格调度"))
                .when(check(LocalDate.of(2025, 6, 24)))
                .expectEvents(new ComplaintNotAnsweredInTime(COMPLAINT, "HOUSING", DUE, ENGINE));
    }

    @Test
    void a_replied_complaint_is_not_chased() {
        given(received(), assigned(), accepted(), replied()).when(check(LocalDate.of(2025, 6, 30))).expectNoEvents();
    }

    @Test
    void a_closed_complaint_records_nothing() {
        given(received(), assigned(), accepted(), replied(), closed())
                .when(check(LocalDate.of(2025, 6, 30))).expectNoEvents();
    }

    @Test
    void a_complaint_whose_department_asked_for_a_transfer_is_not_chased_while_the_supervisor_decides() {
        given(received(), assigned(), transferRequested()).when(check(LocalDate.of(2025, 6, 20))).expectNoEvents();
    }

    @Test
    void an_accepted_complaint_whose_department_asked_for_a_transfer_is_not_chased_for_its_answer() {
        given(received(), assigned(), accepted(), transferRequested())
                .when(check(LocalDate.of(2025, 6, 20))).expectNoEvents();
    }

    @Test
    void a_rejected_transfer_request_resumes_the_chase_of_the_answer() {
        given(received(), assigned(), accepted(), transferRequested(), rejected())
                .when(check(LocalDate.of(2025, 6, 11)))
                .expectEvents(new ComplaintNotAnsweredInTime(COMPLAINT, "HOUSING", DUE, ENGINE),
                        new ComplaintEscalated(COMPLAINT, "REMINDER", "催办", "1 working days overdue", ENGINE));
    }

    @Test
    void a_rejected_transfer_request_gives_a_department_that_had_not_accepted_its_acceptance_limit_afresh() {
        // rejected on Thursday 5 June: to be accepted by Friday 6 June, not by 3 June as assigned
        given(received(), assigned(), transferRequested())
                .andGivenCurrentTime(Instant.parse("2025-06-05T02:00:00Z"))
                .andGiven(rejected())
                .when(check(LocalDate.of(2025, 6, 9)))
                .expectEvents(new ComplaintNotAcceptedInTime(COMPLAINT, "HOUSING", LocalDate.of(2025, 6, 6), ENGINE));
    }

    @Test
    void an_acceptance_recorded_late_before_a_transfer_request_is_not_recorded_again_after_its_rejection() {
        given(received(), assigned(), new ComplaintNotAcceptedInTime(COMPLAINT, "HOUSING", ACCEPT_BY, ENGINE),
                transferRequested())
                .andGivenCurrentTime(Instant.parse("2025-06-05T02:00:00Z"))
                .andGiven(rejected())
                .when(check(LocalDate.of(2025, 6, 9))).expectNoEvents();
    }

    @Test
    void a_complaint_not_yet_assigned_has_no_time_limit_to_miss() {
        given(received()).when(check(LocalDate.of(2025, 6, 30))).expectNoEvents();
    }

    @Test
    void a_department_cannot_check_deadlines() {
        given(received(), assigned()).when(new CheckComplaintDeadline(COMPLAINT, DUE, HOUSING))
                .expectException(CommandRefusedException.class);
    }
}
