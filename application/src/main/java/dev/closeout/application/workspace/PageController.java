package dev.closeout.application.workspace;

import dev.closeout.application.complaint.ComplaintResponse;
import dev.closeout.application.complaint.ComplainantReads;
import dev.closeout.application.complaint.ComplaintService;
import dev.closeout.application.security.CloseoutUser;
import dev.closeout.application.task.TaskResponse;
import dev.closeout.application.task.TaskService;
import dev.closeout.application.web.ItemResource;
import dev.closeout.application.web.LedgerPaths;
import dev.closeout.application.web.NotFoundException;
import dev.closeout.application.web.ProblemHandler;
import dev.closeout.application.workspace.Rows.ComplaintRow;
import dev.closeout.application.workspace.Rows.TaskRow;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.domain.complaint.Satisfaction;
import dev.closeout.domain.task.TaskId;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The worklist (工作台) and the item pages (事项), and the forms they post. A form sends the same
 * command the API's endpoint sends, through the same service; accepted, the browser is sent back to
 * the page it came from (post/redirect/get); refused, that page is shown again with the API's
 * problem detail beside the form, and the status the API would have answered.
 */
@Controller
class PageController {

    /** Where the closure-request form posts, files and all ({@link WorkspaceConfiguration#closureRequestBodies}). */
    static final String CLOSURE_REQUEST_PATH = "/tasks/{id}/closure-request";

    private final Worklist worklist;
    private final TaskService tasks;
    private final ComplaintService complaints;
    private final Timeline timeline;
    private final ProblemHandler problems;
    private final ClosureRequestForm closureRequests;
    private final ComplainantReads reads;
    private final EscalationLadder ladder;

    PageController(Worklist worklist, TaskService tasks, ComplaintService complaints, Timeline timeline,
                   ProblemHandler problems, ClosureRequestForm closureRequests, ComplainantReads reads,
                   EscalationLadder ladder) {
        this.worklist = worklist;
        this.tasks = tasks;
        this.complaints = complaints;
        this.timeline = timeline;
        this.problems = problems;
        this.closureRequests = closureRequests;
        this.reads = reads;
        this.ladder = ladder;
    }

    @GetMapping("/")
    String worklist(@RequestParam(required = false) String ledger, Model model,
                    @AuthenticationPrincipal CloseoutUser user) {
        worklist.fill(model, user.actor(), ledger == null || ledger.isBlank() ? null : ledger);
        return "worklist";
    }

    @GetMapping("/tasks/{id}")
    String task(@PathVariable String id, Model model, @AuthenticationPrincipal CloseoutUser user) {
        TaskId taskId = taskId(id);
        TaskResponse task = tasks.view(taskId).orElseThrow(() -> new NotFoundException("No task with id " + id));
        model.addAttribute("row", new TaskRow(task, TaskForm.offered(task.task(), user.actor())));
        model.addAttribute("timeline", timeline.of(tasks.history(taskId)));
        choices(model);
        return "task";
    }

    @GetMapping("/complaints/{id}")
    String complaint(@PathVariable String id, Model model, @AuthenticationPrincipal CloseoutUser user) {
        ComplaintId complaintId = complaintId(id);
        ComplaintResponse complaint = complaints.view(complaintId, user.actor())
                .orElseThrow(() -> new NotFoundException("No complaint with id " + id));
        List<Map<String, Object>> history = complaints.history(complaintId, user.actor());
        reads.shownWithHistory(complaint, history, user.actor());
        model.addAttribute("row", new ComplaintRow(complaint, ComplaintForm.offered(complaint.complaint(),
                user.actor())));
        model.addAttribute("timeline", timeline.of(history));
        choices(model);
        return "complaint";
    }

    /** What an item page's choices offer: the ladder's levels (督办) and a reply's ratings (满意度回访). */
    private void choices(Model model) {
        model.addAttribute("levels", ladder.levels());
        model.addAttribute("ratings", Satisfaction.values());
    }

    /** {@code back} is where the form was: {@code item} for the item's page, anything else the worklist. */
    @PostMapping("/tasks/{id}/{form}")
    String taskForm(@PathVariable String id, @PathVariable String form, @RequestParam Map<String, String> fields,
                    @RequestParam(defaultValue = "worklist") String back, Model model,
                    @AuthenticationPrincipal CloseoutUser user, HttpServletResponse response) {
        TaskId taskId = taskId(id);
        TaskForm chosen = TaskForm.bySlug(form).orElseThrow(() -> new NotFoundException("No form " + form));
        return sent(id, form, () -> tasks.send(chosen.command(taskId, fields, user.actor())), fields, back, model,
                user, response);
    }

    /**
     * 申请销号 with its evidence files ({@code multipart/form-data}, the files as parts named {@code file}):
     * the files are stored and the request names them, or neither happens and the refusal is shown.
     */
    @PostMapping(CLOSURE_REQUEST_PATH)
    String closureRequest(@PathVariable String id, @RequestParam Map<String, String> fields,
                          @RequestParam(name = "file", required = false) List<MultipartFile> files,
                          @RequestParam(defaultValue = "worklist") String back, Model model,
                          @AuthenticationPrincipal CloseoutUser user, HttpServletResponse response) {
        TaskId taskId = taskId(id);
        return sent(id, TaskForm.CLOSURE_REQUEST.slug(),
                () -> closureRequests.send(taskId, fields.get("evidence"), files, user.actor()), fields, back, model,
                user, response);
    }

    private String sent(String id, String form, Runnable command, Map<String, String> fields, String back,
                        Model model, CloseoutUser user, HttpServletResponse response) {
        try {
            command.run();
        } catch (RuntimeException e) {
            return refused(Refusal.of(id, form, problems.describe(e)), fields, back, model, user, response,
                    () -> task(id, model, user), "/tasks/" + id);
        }
        return "redirect:" + ("item".equals(back) ? "/tasks/" + id : worklistPath(fields));
    }

    @PostMapping("/complaints/{id}/{form}")
    String complaintForm(@PathVariable String id, @PathVariable String form,
                         @RequestParam Map<String, String> fields,
                         @RequestParam(defaultValue = "worklist") String back, Model model,
                         @AuthenticationPrincipal CloseoutUser user, HttpServletResponse response) {
        ComplaintId complaintId = complaintId(id);
        ComplaintForm chosen = ComplaintForm.bySlug(form).orElseThrow(() -> new NotFoundException("No form " + form));
        Actor actor = user.actor();
        try {
            complaints.send(chosen.command(complaintId, fields, actor), actor);
        } catch (RuntimeException e) {
            return refused(Refusal.of(id, form, problems.describe(e)), fields, back, model, user, response,
                    () -> complaint(id, model, user), "/complaints/" + id);
        }
        return "redirect:" + ("item".equals(back) ? "/complaints/" + id : worklistPath(fields));
    }

    /**
     * The worklist a form was posted from, with the ledger it was narrowed to: the name encoded whole, so that
     * neither {@code +} nor {@code {…}} in it is read as anything but itself (a redirect expands braces).
     */
    private static String worklistPath(Map<String, String> fields) {
        String ledger = fields.get("ledger");
        return ledger == null || ledger.isBlank() ? "/"
                : LedgerPaths.INSTANCE.query("/", ledger);
    }

    private String refused(Refusal refusal, Map<String, String> fields, String back, Model model, CloseoutUser user,
                           HttpServletResponse response, Supplier<String> itemPage,
                           String itemPath) {
        response.setStatus(refusal.status());
        model.addAttribute("refusal", refusal);
        model.addAttribute("posted", fields);
        if ("item".equals(back)) {
            model.addAttribute(PageModel.PAGE_PATH, itemPath);
            return itemPage.get();
        }
        model.addAttribute(PageModel.PAGE_PATH, "/");
        return worklist(fields.get("ledger"), model, user);
    }

    static TaskId taskId(String id) {
        return ItemResource.TASKS.id(id);
    }

    static ComplaintId complaintId(String id) {
        return ItemResource.COMPLAINTS.id(id);
    }
}
