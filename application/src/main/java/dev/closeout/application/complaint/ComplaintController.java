package dev.closeout.application.complaint;

import dev.closeout.application.referral.ReferralRequests;
import dev.closeout.application.deadline.Colours;
import dev.closeout.application.security.CloseoutUser;
import dev.closeout.application.web.IdempotencyKey;
import dev.closeout.application.infrastructure.readmodel.ReadYourWrites;
import dev.closeout.domain.complaint.ComplaintCommand;
import dev.closeout.domain.complaint.ComplaintCommand.AcceptComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.AssignComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.CloseComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ConvertComplaintToTask;
import dev.closeout.domain.complaint.ComplaintCommand.EscalateComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ReceiveComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ReportBackComplaintReferral;
import dev.closeout.domain.complaint.ComplaintCommand.RecordSatisfaction;
import dev.closeout.domain.complaint.ComplaintCommand.RejectTransfer;
import dev.closeout.domain.complaint.ComplaintCommand.ReopenComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ReplyToComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.RequestTransfer;
import dev.closeout.domain.complaint.ComplaintCommand.TransferComplaint;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintConvertedToTask;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.domain.task.TaskId;
import dev.closeout.projections.task.TaskViews;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static dev.closeout.application.web.ItemResource.COMPLAINTS;

/**
 * The complaint lifecycle over HTTP. Each POST sends one command and, once it is stored, answers
 * with the complaint as it now stands for the caller (waiting briefly for the view to catch up,
 * so a client reads its own write). The complainant is masked for every reader but supervisors
 * and the department the complaint is assigned to.
 */
@RestController
@RequestMapping("/api/complaints")
public class ComplaintController {

    private final ComplaintService complaints;
    private final TaskViews taskViews;
    private final ReadYourWrites readYourWrites;
    private final Colours colours;
    private final ComplainantReads reads;

    public ComplaintController(ComplaintService complaints, TaskViews taskViews, ReadYourWrites readYourWrites,
                               Colours colours, ComplainantReads reads) {
        this.complaints = complaints;
        this.taskViews = taskViews;
        this.readYourWrites = readYourWrites;
        this.colours = colours;
        this.reads = reads;
    }

    /**
     * 受理. With an {@code Idempotency-Key} the complaint id is derived from the user and the key, so a hotline platform
     * retrying its ticket after a timeout gets the first attempt's complaint rather than a second one (counted twice,
     * chased twice); the same key with another receipt is refused with 400 naming the header.
     */
    @PostMapping
    ResponseEntity<Map<String, String>> receive(@RequestBody ComplaintRequests.Receive body,
                                                @RequestHeader(name = IdempotencyKey.HEADER, required = false)
                                                String idempotencyKey,
                                                @AuthenticationPrincipal CloseoutUser user) {
        ComplaintId id = IdempotencyKey.of(idempotencyKey).map(key -> key.complaintIdFor(user.username()))
                .orElseGet(ComplaintId::generate);
        complaints.receive(new ReceiveComplaint(id, body.channel(), body.referredBy(), body.subject(), body.content(),
                body.toComplainant(), body.category(), body.receivedAt(), user.actor(), body.referral()),
                idempotencyKey != null);
        return ResponseEntity.created(URI.create("/api/complaints/" + id.value()))
                .body(Map.of("complaintId", id.value()));
    }

    @GetMapping("/{id}")
    ComplaintResponse get(@PathVariable String id, @AuthenticationPrincipal CloseoutUser user) {
        ComplaintResponse answer = complaints.view(complaintId(id), user.actor())
                .orElseThrow(() -> COMPLAINTS.notFound(id));
        reads.shown(answer, user.actor());
        return answer;
    }

    @GetMapping("/{id}/history")
    List<Map<String, Object>> history(@PathVariable String id, @AuthenticationPrincipal CloseoutUser user) {
        ComplaintId complaintId = complaintId(id);
        List<Map<String, Object>> history = complaints.history(complaintId, user.actor());
        reads.shownInHistory(complaintId, history, user.actor());
        return COMPLAINTS.history(id, history);
    }

    @PostMapping("/{id}/assign")
    ResponseEntity<?> assign(@PathVariable String id, @RequestBody ComplaintRequests.Assign body,
                             @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, c -> new AssignComplaint(c, body.department(),
                colours.dueDate(body.dueDate(), body.dueInWorkingDays()), user.actor()));
    }

    /** A supervisor's transfer: granting the department's pending request, or on their own initiative. */
    @PostMapping("/{id}/transfer")
    ResponseEntity<?> transfer(@PathVariable String id, @RequestBody ComplaintRequests.Transfer body,
                               @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, c -> new TransferComplaint(c, body.department(),
                body.keepsTimeLimit() ? null : colours.dueDate(body.dueDate(), body.dueInWorkingDays()), body.reason(),
                user.actor()));
    }

    /** The assigned department asks to be relieved of the complaint. */
    @PostMapping("/{id}/transfer-request")
    ResponseEntity<?> requestTransfer(@PathVariable String id, @RequestBody ComplaintRequests.Reason body,
                                      @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, c -> new RequestTransfer(c, body.reason(), user.actor()));
    }

    @PostMapping("/{id}/transfer/reject")
    ResponseEntity<?> rejectTransfer(@PathVariable String id, @RequestBody ComplaintRequests.Reason body,
                                     @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, c -> new RejectTransfer(c, body.reason(), user.actor()));
    }

    @PostMapping("/{id}/accept")
    ResponseEntity<?> accept(@PathVariable String id, @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, c -> new AcceptComplaint(c, user.actor()));
    }

    @PostMapping("/{id}/reply")
    ResponseEntity<?> reply(@PathVariable String id, @RequestBody ComplaintRequests.Reply body,
                            @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, c -> new ReplyToComplaint(c, body.content(), user.actor()));
    }

    @PostMapping("/{id}/satisfaction")
    ResponseEntity<?> satisfaction(@PathVariable String id, @RequestBody ComplaintRequests.Rating body,
                                   @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, c -> new RecordSatisfaction(c, body.rating(), body.note(), user.actor()));
    }

    @PostMapping("/{id}/close")
    ResponseEntity<?> close(@PathVariable String id, @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, c -> new CloseComplaint(c, user.actor()));
    }

    @PostMapping("/{id}/reopen")
    ResponseEntity<?> reopen(@PathVariable String id, @RequestBody ComplaintRequests.Reopen body,
                             @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, c -> new ReopenComplaint(c, body.reason(),
                colours.dueDate(body.dueDate(), body.dueInWorkingDays()), user.actor()));
    }

    @PostMapping("/{id}/escalate")
    ResponseEntity<?> escalate(@PathVariable String id, @RequestBody ComplaintRequests.Escalation body,
                               @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, c -> new EscalateComplaint(c, body.level(), body.reason(), user.actor()));
    }

    /**
     * Converts the complaint into a task under the id chosen here, so that the conversion records it.
     * The task is registered from the conversion event by {@link ConvertedComplaintTaskPolicy}, the
     * one path, which also survives a crash between the two; the answer waits (briefly) for the task and for
     * the complaint to list it: 201 with the task's location once both can be read, 202 with the same location if
     * either is still on its way.
     *
     * <p>With an {@code Idempotency-Key} the task id is derived from the complaint, the user and the key, so a
     * client retrying after a timeout gets the first attempt's answer, not a second task; the same key with another
     * conversion of the complaint is refused with 400 naming the header.
     */
    @PostMapping("/{id}/convert-to-task")
    ResponseEntity<Map<String, String>> convert(@PathVariable String id,
                                                @RequestBody ComplaintRequests.Conversion body,
                                                @RequestHeader(name = IdempotencyKey.HEADER, required = false)
                                                String idempotencyKey,
                                                @AuthenticationPrincipal CloseoutUser user) {
        Optional<IdempotencyKey> key = IdempotencyKey.of(idempotencyKey);
        ComplaintId complaintId = complaintId(id);
        TaskId taskId = key.map(k -> k.taskIdFor(complaintId, user.username())).orElseGet(TaskId::generate);
        ComplaintConvertedToTask conversion = complaints.convert(new ConvertComplaintToTask(complaintId, taskId,
                body.ledger(), body.title(), body.leadDepartment(), body.dueDate(), user.actor()));
        URI task = URI.create("/api/tasks/" + conversion.taskId().value());
        Map<String, String> answer = Map.of("complaintId", complaintId.value(), "taskId", conversion.taskId().value());
        boolean shown = complaints.awaitShown(conversion)
                & readYourWrites.await(conversion.taskId().value(), 0, taskViews::version);
        return shown
                ? ResponseEntity.created(task).body(answer)
                : ResponseEntity.accepted().location(task).body(answer);
    }

    /**
     * 反馈: the outcome reported back to the level that referred the complaint, once; by the assigned
     * department or a supervisor, once the complaint is accepted (replied to and closed too).
     */
    @PostMapping("/{id}/referral/report-back")
    ResponseEntity<?> reportBack(@PathVariable String id, @RequestBody ReferralRequests.ReportBack body,
                                 @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, c -> new ReportBackComplaintReferral(c, body.outcome(), user.actor()));
    }

    private ResponseEntity<?> send(String id, CloseoutUser user, Function<ComplaintId, ComplaintCommand> command) {
        ComplaintId complaintId = complaintId(id);
        Optional<ComplaintResponse> answer = complaints.send(command.apply(complaintId), user.actor());
        // the command is stored: a read that cannot be recorded now withholds the complaint, not the outcome
        return COMPLAINTS.answer(complaintId.value(), answer.filter(shown -> reads.mayShow(shown, user.actor())));
    }

    private static ComplaintId complaintId(String id) {
        return COMPLAINTS.id(id);
    }
}
