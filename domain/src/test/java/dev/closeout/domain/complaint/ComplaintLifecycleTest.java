package dev.closeout.domain.complaint;

import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.common.LifecycleTable;
import dev.closeout.domain.complaint.ComplaintCommand.AcceptComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.AssignComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.CloseComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ConvertComplaintToTask;
import dev.closeout.domain.complaint.ComplaintCommand.EscalateComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.RecordSatisfaction;
import dev.closeout.domain.complaint.ComplaintCommand.RejectTransfer;
import dev.closeout.domain.complaint.ComplaintCommand.ReopenComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ReplyToComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ReportBackComplaintReferral;
import dev.closeout.domain.complaint.ComplaintCommand.RequestTransfer;
import dev.closeout.domain.complaint.ComplaintCommand.TransferComplaint;
import dev.closeout.domain.task.TaskId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.closeout.domain.common.CommandRefusedException.Reason.PERMISSION;
import static dev.closeout.domain.common.CommandRefusedException.Reason.STATE;
import static dev.closeout.domain.common.Refusal.expectRefused;
import static dev.closeout.domain.complaint.ComplaintExamples.CLOCK;
import static dev.closeout.domain.complaint.ComplaintExamples.COMPLAINT;
import static dev.closeout.domain.complaint.ComplaintExamples.DUE;
import static dev.closeout.domain.complaint.ComplaintExamples.HOUSING;
import static dev.closeout.domain.complaint.ComplaintExamples.SUPERVISOR;
import static dev.closeout.domain.complaint.ComplaintExamples.accepted;
import static dev.closeout.domain.complaint.ComplaintExamples.assigned;
import static dev.closeout.domain.complaint.ComplaintExamples.closed;
import static dev.closeout.domain.complaint.ComplaintExamples.rated;
import static dev.closeout.domain.complaint.ComplaintExamples.received;
import static dev.closeout.domain.complaint.ComplaintExamples.replied;
import static dev.closeout.domain.complaint.ComplaintExamples.transferRequested;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The complaint lifecycle as a table, every status against every action: the table below is the
 * specification, {@link ComplaintStatus#allows} must say the same, and the aggregate must record
 * the action exactly where the table says yes and refuse it for the complaint's state elsewhere.
 */
// Axon's fixture stamps events by a clock it swaps in a static field: fixture classes take turns
@ResourceLock("axon-event-clock")
class ComplaintLifecycleTest {

    private static final String TABLE = """
            status    ASSIGN ACCEPT REPLY REQUEST_TRANSFER DECIDE_TRANSFER TRANSFER RECORD_SATISFACTION CLOSE REOPEN ESCALATE CONVERT_TO_TASK REPORT_BACK
            RECEIVED  yes    -      -     -                -               -        -                   -     -      yes      yes             -
            ASSIGNED  -      yes    -     yes              yes             yes      -                   -     -      yes      yes             -
            ACCEPTED  -      -      yes   yes              yes             yes      -                   -     -      yes      yes             yes
            REPLIED   -      -      -     -                -               -        yes                 yes   yes    yes      yes             yes
            CLOSED    -      -      -     -                -               -        yes                 -     yes    -        -               yes
            """;

    /** A history leading to each status. */
    private static final Map<ComplaintStatus, List<Object>> HISTORIES = Map.of(
            ComplaintStatus.RECEIVED, List.of(received()),
            ComplaintStatus.ASSIGNED, List.of(received(), assigned()),
            ComplaintStatus.ACCEPTED, List.of(received(), assigned(), accepted()),
            ComplaintStatus.REPLIED, List.of(received(), assigned(), accepted(), replied()),
            ComplaintStatus.CLOSED, List.of(received(), assigned(), accepted(), replied(), closed()));

    static Stream<Arguments> table() {
        return LifecycleTable.cells(TABLE, ComplaintStatus.class, ComplaintAction.class);
    }

    @ParameterizedTest(name = "a {0} complaint may {1}: {2}")
    @MethodSource("table")
    void the_status_allows_exactly_the_actions_the_table_gives_it(ComplaintStatus status, ComplaintAction action,
                                                                  boolean allowed) {
        assertThat(status.allows(action)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "a {0} complaint, asked to {1}, records it: {2}")
    @MethodSource("table")
    void the_aggregate_records_an_action_only_where_the_table_allows_it(ComplaintStatus status,
                                                                       ComplaintAction action, boolean allowed) {
        FixtureConfiguration<Complaint> fixture = new AggregateTestFixture<>(Complaint.class);
        fixture.registerInjectableResource(EscalationLadder.DEFAULT);
        fixture.registerInjectableResource(CLOCK);
        fixture.registerInjectableResource(ComplaintExamples.POLICY);
        List<Object> history = new ArrayList<>(HISTORIES.get(status));
        if (action == ComplaintAction.REPORT_BACK) {
            // A referred complaint, so that only the status can stand in the way of reporting back.
            history.set(0, ComplaintExamples.receivedReferred());
        }
        // The rules beside the status are met, so that only the status can stand in the way:
        // a transfer request to decide, and a dissatisfied rating for reopening a replied complaint.
        if (action == ComplaintAction.DECIDE_TRANSFER) {
            history.add(transferRequested());
        }
        if (action == ComplaintAction.REOPEN && status == ComplaintStatus.REPLIED) {
            history.add(rated(Satisfaction.DISSATISFIED));
        }
        ResultValidator<Complaint> result = fixture.given(history).when(command(action));
        if (allowed) {
            result.expectSuccessfulHandlerExecution();
        } else if (status == ComplaintStatus.RECEIVED && command(action).actor().equals(HOUSING)) {
            // Before assignment no department holds the complaint, so its department is refused first.
            expectRefused(result, PERMISSION, "");
        } else {
            expectRefused(result, STATE, "Complaint is " + status);
        }
    }

    private static ComplaintCommand command(ComplaintAction action) {
        return switch (action) {
            case ASSIGN -> new AssignComplaint(COMPLAINT, "HOUSING", DUE, SUPERVISOR);
            case ACCEPT -> new AcceptComplaint(COMPLAINT, HOUSING);
            case REPLY -> new ReplyToComplaint(COMPLAINT, "已修复", HOUSING);
            case REQUEST_TRANSFER -> new RequestTransfer(COMPLAINT, "不属本部门", HOUSING);
            case DECIDE_TRANSFER -> new RejectTransfer(COMPLAINT, "属本部门职责", SUPERVISOR);
            case TRANSFER -> new TransferComplaint(COMPLAINT, "WATER", null, "供水管网", SUPERVISOR);
            case RECORD_SATISFACTION -> new RecordSatisfaction(COMPLAINT, Satisfaction.SATISFIED, null, SUPERVISOR);
            case CLOSE -> new CloseComplaint(COMPLAINT, SUPERVISOR);
            case REOPEN -> new ReopenComplaint(COMPLAINT, "仍然漏水", DUE, SUPERVISOR);
            case ESCALATE -> new EscalateComplaint(COMPLAINT, "NOTICE", "超期未办", SUPERVISOR);
            case CONVERT_TO_TASK -> new ConvertComplaintToTask(COMPLAINT, new TaskId("rectify-roof"), "整改台账", null,
                    "HOUSING", DUE, SUPERVISOR);
            case REPORT_BACK -> new ReportBackComplaintReferral(COMPLAINT, "已维修，报省信访局", HOUSING);
        };
    }
}
