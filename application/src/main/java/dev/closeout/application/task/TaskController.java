package dev.closeout.application.task;

import dev.closeout.application.referral.ReferralRequests;
import dev.closeout.application.deadline.Colours;
import dev.closeout.application.evidence.EvidenceService;
import dev.closeout.application.security.CloseoutUser;
import dev.closeout.application.web.IdempotencyKey;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.task.TaskCommand;
import dev.closeout.domain.task.TaskCommand.ApproveExtension;
import dev.closeout.domain.task.TaskCommand.ClaimTask;
import dev.closeout.domain.task.TaskCommand.CloseTask;
import dev.closeout.domain.task.TaskCommand.ConfirmMilestone;
import dev.closeout.domain.task.TaskCommand.PlanMilestones;
import dev.closeout.domain.task.TaskCommand.ReportBackReferral;
import dev.closeout.domain.task.TaskCommand.ReportMilestoneMet;
import dev.closeout.domain.task.TaskCommand.ReturnMilestone;
import dev.closeout.domain.task.TaskCommand.EscalateTask;
import dev.closeout.domain.task.TaskCommand.RegisterTask;
import dev.closeout.domain.task.TaskCommand.RejectExtension;
import dev.closeout.domain.task.TaskCommand.ReopenTask;
import dev.closeout.domain.task.TaskCommand.ReportProgress;
import dev.closeout.domain.task.TaskCommand.RequestClosure;
import dev.closeout.domain.task.TaskCommand.RequestExtension;
import dev.closeout.domain.task.TaskCommand.ReturnTask;
import dev.closeout.domain.task.TaskCommand.WithdrawTask;
import dev.closeout.domain.task.TaskId;
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
import java.util.function.Function;

import static dev.closeout.application.web.ItemResource.TASKS;

/**
 * The task lifecycle over HTTP. Each POST sends one command and, once it is stored, answers
 * with the task as it now stands (waiting briefly for the task view to catch up, so a client
 * reads its own write).
 */
@RestController
@RequestMapping("/api/tasks")
public class TaskController {

    private final TaskService tasks;
    private final Colours colours;
    private final EvidenceService evidence;
    private final TaskCategories categories;

    public TaskController(TaskService tasks, Colours colours, EvidenceService evidence, TaskCategories categories) {
        this.tasks = tasks;
        this.colours = colours;
        this.evidence = evidence;
        this.categories = categories;
    }

    /**
     * 挂账. With an {@code Idempotency-Key} the task id is derived from the user and the key, so a
     * client retrying after a timeout gets the first attempt's task rather than a second one; the
     * same key with a different request is refused with 400 naming the header. The {@code Location} is relative, never
     * built from the request's {@code Host}.
     */
    @PostMapping
    ResponseEntity<Map<String, String>> register(@RequestBody TaskRequests.Register body,
                                                 @RequestHeader(name = IdempotencyKey.HEADER, required = false)
                                                 String idempotencyKey,
                                                 @AuthenticationPrincipal CloseoutUser user) {
        TaskId id = IdempotencyKey.of(idempotencyKey).map(key -> key.taskIdFor(user.username()))
                .orElseGet(TaskId::generate);
        RegisterTask command = new RegisterTask(id, body.ledger(), body.title(), body.description(),
                body.leadDepartment(), body.supportingDepartments(), body.responsibleLeader(), body.source(),
                colours.dueDate(body.dueDate(), body.dueInWorkingDays()), user.actor(), null, null, body.category(),
                body.milestones(), body.referral());
        categories.check(command.category());
        tasks.register(command, idempotencyKey != null, body.dueInWorkingDays() != null);
        return ResponseEntity.created(URI.create("/api/tasks/" + id.value())).body(Map.of("taskId", id.value()));
    }

    @GetMapping("/{id}")
    TaskResponse get(@PathVariable String id) {
        return tasks.view(TASKS.id(id)).orElseThrow(() -> TASKS.notFound(id));
    }

    @GetMapping("/{id}/history")
    List<Map<String, Object>> history(@PathVariable String id) {
        return TASKS.history(id, tasks.history(TASKS.id(id)));
    }

    @PostMapping("/{id}/claim")
    ResponseEntity<?> claim(@PathVariable String id, @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, t -> new ClaimTask(t, user.actor()));
    }

    @PostMapping("/{id}/progress")
    ResponseEntity<?> progress(@PathVariable String id, @RequestBody TaskRequests.Progress body,
                               @AuthenticationPrincipal CloseoutUser user) {
        Limits.required(body.percentComplete(), "percentComplete");
        return send(id, user, t -> new ReportProgress(t, body.note(), body.percentComplete(), user.actor()));
    }

    @PostMapping("/{id}/extension")
    ResponseEntity<?> requestExtension(@PathVariable String id, @RequestBody TaskRequests.Extension body,
                                       @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, t -> new RequestExtension(t, body.newDueDate(), body.reason(), user.actor()));
    }

    /**
     * The body is optional: {@code {newDueDate}} names the date approved, so that a decision made on what the
     * supervisor saw cannot approve a date the department asked for since.
     */
    @PostMapping("/{id}/extension/approve")
    ResponseEntity<?> approveExtension(@PathVariable String id,
                                       @RequestBody(required = false) TaskRequests.ExtensionApproval body,
                                       @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, t -> new ApproveExtension(t, body == null ? null : body.newDueDate(), user.actor()));
    }

    @PostMapping("/{id}/extension/reject")
    ResponseEntity<?> rejectExtension(@PathVariable String id, @RequestBody TaskRequests.ExtensionRejection body,
                                      @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, t -> new RejectExtension(t, body.reason(), body.newDueDate(), user.actor()));
    }

    @PostMapping("/{id}/closure-request")
    ResponseEntity<?> requestClosure(@PathVariable String id, @RequestBody TaskRequests.ClosureRequest body,
                                     @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, t -> new RequestClosure(t, body.evidence(), evidence.filesFor(t, body.evidenceFiles()),
                user.actor()));
    }

    /**
     * The body is optional: {@code {closureRequestedAt}} names the closure request approved, so that a
     * decision made on what the supervisor read cannot close on a request the department made since.
     */
    @PostMapping("/{id}/close")
    ResponseEntity<?> close(@PathVariable String id, @RequestBody(required = false) TaskRequests.Closing body,
                            @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, t -> new CloseTask(t, body == null ? null : body.closureRequestedAt(), user.actor()));
    }

    @PostMapping("/{id}/return")
    ResponseEntity<?> returnTask(@PathVariable String id, @RequestBody TaskRequests.ClosureReturn body,
                                 @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, t -> new ReturnTask(t, body.reason(), body.closureRequestedAt(), user.actor()));
    }

    @PostMapping("/{id}/reopen")
    ResponseEntity<?> reopen(@PathVariable String id, @RequestBody TaskRequests.Reason body,
                             @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, t -> new ReopenTask(t, body.reason(), user.actor()));
    }

    @PostMapping("/{id}/withdraw")
    ResponseEntity<?> withdraw(@PathVariable String id, @RequestBody TaskRequests.Reason body,
                               @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, t -> new WithdrawTask(t, body.reason(), user.actor()));
    }

    @PostMapping("/{id}/escalate")
    ResponseEntity<?> escalate(@PathVariable String id, @RequestBody TaskRequests.Escalation body,
                               @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, t -> new EscalateTask(t, body.level(), body.reason(), user.actor()));
    }

    /** Adds milestones (推进时序表) to the task, numbered after those it has; a supervisor's act. */
    @PostMapping("/{id}/milestones")
    ResponseEntity<?> planMilestones(@PathVariable String id, @RequestBody TaskRequests.Milestones body,
                                     @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, t -> new PlanMilestones(t, body.milestones(), user.actor()));
    }

    /** 报完成: the department reports the milestone met, with evidence as for a closure request. */
    @PostMapping("/{id}/milestones/{milestoneId}/report")
    ResponseEntity<?> reportMilestoneMet(@PathVariable String id, @PathVariable String milestoneId,
                                         @RequestBody TaskRequests.ClosureRequest body,
                                         @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, t -> new ReportMilestoneMet(t, milestoneId, body.evidence(),
                evidence.filesFor(t, body.evidenceFiles()), user.actor()));
    }

    @PostMapping("/{id}/milestones/{milestoneId}/confirm")
    ResponseEntity<?> confirmMilestone(@PathVariable String id, @PathVariable String milestoneId,
                                       @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, t -> new ConfirmMilestone(t, milestoneId, user.actor()));
    }

    @PostMapping("/{id}/milestones/{milestoneId}/return")
    ResponseEntity<?> returnMilestone(@PathVariable String id, @PathVariable String milestoneId,
                                      @RequestBody TaskRequests.Reason body, @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, t -> new ReturnMilestone(t, milestoneId, body.reason(), user.actor()));
    }

    /**
     * 反馈: the outcome reported back to the level that referred the task, once; by the lead department
     * or a supervisor, while the task is signed for or after it is closed.
     */
    @PostMapping("/{id}/referral/report-back")
    ResponseEntity<?> reportBack(@PathVariable String id, @RequestBody ReferralRequests.ReportBack body,
                                 @AuthenticationPrincipal CloseoutUser user) {
        return send(id, user, t -> new ReportBackReferral(t, body.outcome(), user.actor()));
    }

    private ResponseEntity<?> send(String id, CloseoutUser user, Function<TaskId, TaskCommand> command) {
        TaskId taskId = TASKS.id(id);
        return TASKS.answer(taskId.value(), tasks.send(command.apply(taskId)));
    }
}
