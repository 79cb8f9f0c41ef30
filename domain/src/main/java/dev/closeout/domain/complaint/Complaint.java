package dev.closeout.domain.complaint;

import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.complaint.ComplaintCommand.AcceptComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.AssignComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.CheckComplaintDeadline;
import dev.closeout.domain.complaint.ComplaintCommand.CloseComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ConvertComplaintToTask;
import dev.closeout.domain.complaint.ComplaintCommand.EscalateComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ReceiveComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.RecordSatisfaction;
import dev.closeout.domain.complaint.ComplaintCommand.RejectTransfer;
import dev.closeout.domain.complaint.ComplaintCommand.ReopenComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ReplyToComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ReportBackComplaintReferral;
import dev.closeout.domain.complaint.ComplaintCommand.RequestTransfer;
import dev.closeout.domain.complaint.ComplaintCommand.TransferComplaint;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAccepted;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAssigned;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintClosed;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintConvertedToTask;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintEscalated;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintNotAcceptedInTime;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintNotAnsweredInTime;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReceived;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReferralReportBackOverdue;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReferralReportedBack;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReopened;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReplied;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintSatisfactionRecorded;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferRejected;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferRequested;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferred;
import dev.closeout.domain.common.RolePolicy;
import dev.closeout.domain.referral.ReferralDuty;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.domain.time.DeadlineWatch;
import dev.closeout.domain.time.DueDates;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.serialization.Revision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One complaint (信访件, 12345 work order, 社会监督问题), from 受理 receipt to 办结 closure:
 * RECEIVED → ASSIGNED → ACCEPTED → REPLIED → CLOSED. Command handlers decide whether a command
 * is allowed now and for this actor, then record what happened; only the event sourcing handlers
 * change the complaint. Who may act is decided by {@link ComplaintPermissions}; when, by the
 * lifecycle table in {@link ComplaintStatus#allows}. Choices the issue left open:
 * <ul>
 *   <li><b>Receipt time.</b> Without {@code receivedAt} the complaint counts as received at the
 *       time of the injected {@link Clock} (the application's clock, so the event's own time to
 *       within the handling); the event always carries it, so readers never fall back on
 *       anything. A given time later than that clock's now is refused.</li>
 *   <li><b>Assigning</b> is only for a complaint nobody has yet; moving it between departments
 *       is a transfer, so the history says which it was.</li>
 *   <li><b>Transfer.</b> Possible while ASSIGNED or ACCEPTED, never after the reply. A
 *       department's request is decided by a supervisor: {@link TransferComplaint} grants it,
 *       {@link RejectTransfer} refuses it; a supervisor may also transfer with no request. While
 *       a request is pending the department may neither accept nor reply: it has said the
 *       complaint is not theirs, and the deadline check does not chase it for either; a rejected
 *       request gives a department that had not accepted its acceptance limit afresh. A transfer keeps the time limit unless it gives a new one, and
 *       must give one once the old has passed; a new one cannot be before today.</li>
 *   <li><b>Satisfaction</b> is rated once per reply, in REPLIED or CLOSED (return visits often
 *       come after closure); a new reply after reopening may be rated again. Closing does not
 *       wait for a rating, nor is it barred by a bad one: a demand may be unreasonable.</li>
 *   <li><b>Reopening</b> (重办): "a dissatisfied rating makes a complaint eligible" is read as
 *       a sufficient condition, not the only one. A replied complaint may be reopened only when
 *       its reply is rated DISSATISFIED; a closed one always, with a reason, like the 回头看 of
 *       a task. It goes back to ASSIGNED to the same department, which must accept it again, with
 *       a new time limit of today or later.</li>
 *   <li><b>Conversion</b> into rectification tasks: a supervisor may convert an open complaint
 *       several times (one complaint can reveal several problems), but never twice into the same
 *       task id: asked again for that task, it answers the conversion it recorded. The complaint
 *       itself carries on; the task is registered from the conversion event.</li>
 * </ul>
 */
@AggregateRoot
// The revision of the fields a snapshot holds: a snapshot of another revision is ignored and the
// complaint is rebuilt from its events.
@Revision("4")
public class Complaint {

    @AggregateIdentifier
    private ComplaintId complaintId;
    private ComplaintStatus status;
    private ComplaintPermissions permissions;
    private String subject;
    private final DeadlineWatch deadline = new DeadlineWatch();
    /** A department asked to be relieved and no supervisor has decided yet. */
    private boolean transferRequested;
    /** The rating of the latest reply; {@code null} until it is rated. */
    private Satisfaction rating;
    /** The tasks this complaint was converted into, each with its conversion as recorded. */
    private final Map<TaskId, ComplaintConvertedToTask> conversions = new HashMap<>();
    /**
     * When the current department was handed the complaint, or refused a transfer before accepting it: its acceptance
     * limit runs from then.
     */
    private Instant assignedAt;
    /** Whether the current assignment was already recorded as not accepted in time. */
    private boolean notAcceptedRecorded;
    private final ReferralDuty referral = new ReferralDuty();

    /** Axon creates an empty complaint and then replays its events into it. */
    Complaint() {
    }

    /**
     * How far ahead of the application's clock a receipt's time may be: another system's clock (the 12345 platform's)
     * running a little ahead is no reason to refuse its ticket.
     */
    public static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);

    /** The clock is the application's, so Axon passes it in as a registered resource. */
    @CommandHandler
    Complaint(ReceiveComplaint command, Clock clock) {
        ComplaintPermissions.requireSupervisor(command.actor(), "receive a complaint");
        Instant now = clock.instant();
        Instant receivedAt = command.receivedAt() == null ? now : command.receivedAt();
        if (receivedAt.isAfter(now.plus(CLOCK_TOLERANCE))) {
            throw CommandRefusedException.invalid("receivedAt", "The complaint cannot have been received at "
                    + receivedAt + ", which is later than now (" + now + ")");
        }
        if (receivedAt.isAfter(now)) {
            // a hotline platform whose clock runs a little ahead: recorded as received now
            receivedAt = now;
        }
        apply(new ComplaintReceived(command.complaintId(), command.channel(), command.referredBy(),
                command.subject(), command.content(), command.complainant(), command.category(), receivedAt,
                command.actor(), command.referral()));
    }

    /**
     * 反馈: once, by the assigned department or a supervisor, once the complaint is accepted (replied to
     * and closed too); on time when made on or before the report-back date, by the office's day.
     */
    @CommandHandler
    void handle(ReportBackComplaintReferral command, Clock clock, DeadlinePolicy policy) {
        permissions.requireAssignedDepartment(command.actor(), "report back on this complaint's referral");
        require(ComplaintAction.REPORT_BACK);
        ReferralDuty.ReportBack made = referral.reportBack(policy.dayOf(clock.instant()), policy);
        apply(new ComplaintReferralReportedBack(complaintId, command.outcome(), made.reportBackDue(),
                made.reportedBackOn(), made.onTime(), command.actor()));
    }

    @CommandHandler
    void handle(AssignComplaint command) {
        ComplaintPermissions.requireSupervisor(command.actor(), "assign a complaint");
        require(ComplaintAction.ASSIGN);
        // A due date in the past is accepted on purpose, as for tasks: complaints arrive already late.
        apply(new ComplaintAssigned(complaintId, command.department(), command.dueDate(), command.actor()));
    }

    @CommandHandler
    void handle(AcceptComplaint command) {
        permissions.requireAssignedDepartment(command.actor(), "accept this complaint");
        require(ComplaintAction.ACCEPT);
        requireNoPendingTransfer("a supervisor must decide it before the complaint can be accepted");
        apply(new ComplaintAccepted(complaintId, command.actor()));
    }

    @CommandHandler
    void handle(ReplyToComplaint command) {
        permissions.requireAssignedDepartment(command.actor(), "reply to this complaint");
        require(ComplaintAction.REPLY);
        requireNoPendingTransfer("a supervisor must decide it before the complaint can be replied to");
        apply(new ComplaintReplied(complaintId, command.content(), command.actor()));
    }

    @CommandHandler
    void handle(RequestTransfer command) {
        permissions.requireAssignedDepartment(command.actor(), "request a transfer of this complaint");
        require(ComplaintAction.REQUEST_TRANSFER);
        requireNoPendingTransfer("wait for a supervisor to decide it before asking again");
        apply(new ComplaintTransferRequested(complaintId, command.reason(), command.actor()));
    }

    @CommandHandler
    void handle(RejectTransfer command) {
        ComplaintPermissions.requireSupervisor(command.actor(), "reject a transfer request");
        if (!transferRequested) {
            throw CommandRefusedException.state("There is no pending transfer request to reject");
        }
        require(ComplaintAction.DECIDE_TRANSFER);
        apply(new ComplaintTransferRejected(complaintId, command.reason(), command.actor()));
    }

    /**
     * Without a new time limit the current one stands, as the complaint itself knows it, unless it has passed: the new
     * department would be recorded late, and escalated as far as the days overdue reach, on the day it is handed the
     * complaint.
     */
    @CommandHandler
    void handle(TransferComplaint command, Clock clock, DeadlinePolicy policy) {
        ComplaintPermissions.requireSupervisor(command.actor(), "transfer a complaint");
        require(ComplaintAction.TRANSFER);
        String from = permissions.assignedDepartment();
        if (command.department().equals(from)) {
            throw CommandRefusedException.invalid("department", "The complaint is already assigned to " + from
                    + "; a transfer must name another department");
        }
        LocalDate today = policy.dayOf(clock.instant());
        LocalDate newDueDate;
        if (command.dueDate() != null) {
            newDueDate = notBefore(today, command.dueDate());
        } else if (policy.overdue(deadline.dueDate(), today)) {
            throw CommandRefusedException.invalid("dueDate", "The complaint's time limit (" + deadline.dueDate()
                    + ") has passed; give the new department a due date of today (" + today + ") or later");
        } else {
            newDueDate = deadline.dueDate();
        }
        apply(new ComplaintTransferred(complaintId, from, command.department(), newDueDate,
                command.reason(), transferRequested, command.actor()));
    }

    @CommandHandler
    void handle(RecordSatisfaction command) {
        ComplaintPermissions.requireSupervisor(command.actor(), "record the complainant's satisfaction");
        require(ComplaintAction.RECORD_SATISFACTION);
        if (rating != null) {
            throw CommandRefusedException.state("The reply is already rated " + rating
                    + "; a new rating needs a new reply, after reopening the complaint");
        }
        apply(new ComplaintSatisfactionRecorded(complaintId, command.rating(), command.note(), command.actor()));
    }

    @CommandHandler
    void handle(CloseComplaint command) {
        ComplaintPermissions.requireSupervisor(command.actor(), "close a complaint");
        require(ComplaintAction.CLOSE);
        apply(new ComplaintClosed(complaintId, command.actor()));
    }

    /** The department starts again, so it gets a new time limit, which cannot have passed already. */
    @CommandHandler
    void handle(ReopenComplaint command, Clock clock, DeadlinePolicy policy) {
        ComplaintPermissions.requireSupervisor(command.actor(), "reopen a complaint");
        if (status == ComplaintStatus.REPLIED && rating != Satisfaction.DISSATISFIED) {
            throw CommandRefusedException.state("Complaint is REPLIED and its reply is "
                    + (rating == null ? "not rated yet" : "rated " + rating)
                    + "; a replied complaint can be reopened only when the complainant is dissatisfied");
        }
        require(ComplaintAction.REOPEN);
        LocalDate newDueDate = notBefore(policy.dayOf(clock.instant()), command.dueDate());
        apply(new ComplaintReopened(complaintId, command.reason(), newDueDate, command.actor()));
    }

    /** The ladder is the office's configuration, so Axon passes it in as a registered resource. */
    @CommandHandler
    void handle(EscalateComplaint command, EscalationLadder ladder) {
        ComplaintPermissions.requireSupervisorOrEngine(command.actor(), "escalate a complaint");
        require(ComplaintAction.ESCALATE);
        EscalationLadder.Level level = deadline.climb(ladder, "Complaint", command.level());
        apply(new ComplaintEscalated(complaintId, level.code(), level.label(), command.reason(), command.actor()));
    }

    /**
     * Converts the complaint into a new task and answers the conversion as recorded, with the title
     * and lead department resolved. Asked again for a task it was already converted into (a client
     * retrying under the same idempotency key), the complaint answers that conversion again and
     * records nothing: the first attempt's answer stands, and the caller, which knows the key, tells
     * a retry from another conversion under the same key by comparing the two.
     */
    @CommandHandler
    ComplaintConvertedToTask handle(ConvertComplaintToTask command) {
        ComplaintPermissions.requireSupervisor(command.actor(), "convert a complaint into a task");
        ComplaintConvertedToTask earlier = conversions.get(command.newTaskId());
        if (earlier != null) {
            return earlier;
        }
        require(ComplaintAction.CONVERT_TO_TASK);
        String leadDepartment = command.leadDepartment() == null
                ? permissions.assignedDepartment() : command.leadDepartment();
        if (leadDepartment == null) {
            throw CommandRefusedException.invalid("leadDepartment", "The complaint is not assigned to a "
                    + "department yet, so name the lead department of the new task");
        }
        String title = command.title() == null ? subject : command.title();
        ComplaintConvertedToTask conversion = new ComplaintConvertedToTask(complaintId, command.newTaskId(),
                command.ledger(), title, leadDepartment, command.dueDate(), command.actor());
        apply(conversion);
        return conversion;
    }

    /**
     * Records what the time limits ask for on {@code today}. Acceptance (签收) is due by the
     * policy's {@code acceptWithinWorkingDays}-th working day after the assignment, transfer or
     * reopening that handed the complaint to its department, because a department that has not
     * even signed for it by then is a warning long before the answer is late. An answer is due by
     * the due date; a complaint not replied to by then is recorded once per due date, and climbs
     * the escalation ladder like a task ({@link DeadlineWatch#chaseOverdue}). A replied
     * complaint waits on the supervisor, not the department, so it is not chased; nor is one whose
     * department asked for a transfer (申请转办) until a supervisor decides it, since the department
     * may then neither accept nor reply. A referral's report-back date passed without a report-back
     * is recorded once, whatever the status: the referring level waits on the office, replied or closed.
     */
    @CommandHandler
    void handle(CheckComplaintDeadline command, DeadlinePolicy policy, EscalationLadder ladder) {
        RolePolicy.requireEngine(command.actor(), "check a complaint's deadline");
        LocalDate today = command.today();
        referral.newlyOverdue(today, policy).ifPresent(due ->
                apply(new ComplaintReferralReportBackOverdue(complaintId, due, command.actor())));
        if (status != ComplaintStatus.ASSIGNED && status != ComplaintStatus.ACCEPTED || transferRequested) {
            return;
        }
        String department = permissions.assignedDepartment();
        if (status == ComplaintStatus.ASSIGNED && !notAcceptedRecorded && assignedAt != null) {
            LocalDate acceptBy = policy.acceptBy(policy.dayOf(assignedAt));
            if (DueDates.overdue(acceptBy, today)) {
                apply(new ComplaintNotAcceptedInTime(complaintId, department, acceptBy, command.actor()));
            }
        }
        deadline.chaseOverdue(today, policy, ladder,
                dueDate -> apply(new ComplaintNotAnsweredInTime(complaintId, department, dueDate, command.actor())),
                up -> apply(new ComplaintEscalated(complaintId, up.level().code(), up.level().label(), up.reason(),
                        command.actor())));
    }

    private void require(ComplaintAction action) {
        if (!status.allows(action)) {
            throw CommandRefusedException.state(action.refusal(status));
        }
    }

    /** A new time limit given on a hand-over: today, in the office's zone, or later. */
    private static LocalDate notBefore(LocalDate today, LocalDate dueDate) {
        if (dueDate.isBefore(today)) {
            throw CommandRefusedException.invalid("dueDate", "The new due date " + dueDate
                    + " has passed already; give today (" + today + ") or later");
        }
        return dueDate;
    }

    private void requireNoPendingTransfer(String advice) {
        if (transferRequested) {
            throw CommandRefusedException.state("A transfer request is pending; " + advice);
        }
    }

    @EventSourcingHandler
    void on(ComplaintReceived event) {
        complaintId = event.complaintId();
        status = ComplaintStatus.RECEIVED;
        permissions = ComplaintPermissions.UNASSIGNED;
        // a task converted from the complaint is titled by it unless named otherwise, and every department reads a task
        subject = event.maskedSubject();
        referral.referred(event.referral());
    }

    @EventSourcingHandler
    void on(ComplaintReferralReportedBack event) {
        referral.reportedBack();
    }

    @EventSourcingHandler
    void on(ComplaintReferralReportBackOverdue event) {
        referral.recordedOverdue();
    }

    @EventSourcingHandler
    void on(ComplaintAssigned event, @Timestamp Instant at) {
        handedOver(at);
        status = ComplaintStatus.ASSIGNED;
        permissions = new ComplaintPermissions(event.department());
        deadline.due(event.dueDate());
    }

    @EventSourcingHandler
    void on(ComplaintTransferRequested event) {
        transferRequested = true;
    }

    /**
     * The department keeps the complaint. Not yet accepted, it was barred from accepting while the request waited, so
     * its acceptance limit runs again from the rejection; an acceptance already recorded late stays recorded.
     */
    @EventSourcingHandler
    void on(ComplaintTransferRejected event, @Timestamp Instant at) {
        transferRequested = false;
        if (status == ComplaintStatus.ASSIGNED && !notAcceptedRecorded) {
            assignedAt = at;
        }
    }

    /** The new department starts afresh: it must accept the complaint itself. */
    @EventSourcingHandler
    void on(ComplaintTransferred event, @Timestamp Instant at) {
        handedOver(at);
        status = ComplaintStatus.ASSIGNED;
        permissions = new ComplaintPermissions(event.toDepartment());
        deadline.due(event.dueDate());
        transferRequested = false;
    }

    @EventSourcingHandler
    void on(ComplaintAccepted event) {
        status = ComplaintStatus.ACCEPTED;
    }

    /** A new reply has not been rated yet, whatever the complainant said of the last one. */
    @EventSourcingHandler
    void on(ComplaintReplied event) {
        status = ComplaintStatus.REPLIED;
        rating = null;
    }

    @EventSourcingHandler
    void on(ComplaintSatisfactionRecorded event) {
        rating = event.rating();
    }

    @EventSourcingHandler
    void on(ComplaintClosed event) {
        status = ComplaintStatus.CLOSED;
    }

    /** The department and the escalation level stay: a complaint handled badly is no less urgent. */
    @EventSourcingHandler
    void on(ComplaintReopened event, @Timestamp Instant at) {
        handedOver(at);
        status = ComplaintStatus.ASSIGNED;
        deadline.due(event.dueDate());
    }

    @EventSourcingHandler
    void on(ComplaintEscalated event) {
        deadline.escalated(event.level());
    }

    @EventSourcingHandler
    void on(ComplaintConvertedToTask event) {
        conversions.put(event.taskId(), event);
    }

    @EventSourcingHandler
    void on(ComplaintNotAcceptedInTime event) {
        notAcceptedRecorded = true;
    }

    @EventSourcingHandler
    void on(ComplaintNotAnsweredInTime event) {
        deadline.recordedOverdue(event.dueDate());
    }

    /** A department newly handed the complaint must accept it afresh, within its own limit. */
    private void handedOver(Instant at) {
        assignedAt = at;
        notAcceptedRecorded = false;
    }
}
