package dev.closeout.application.workspace;

import dev.closeout.application.complaint.ComplaintService;
import dev.closeout.application.deadline.Colours;
import dev.closeout.application.security.CloseoutUser;
import dev.closeout.application.task.TaskService;
import dev.closeout.application.web.IdempotencyKey;
import dev.closeout.application.web.NotFoundException;
import dev.closeout.application.web.ProblemHandler;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.complaint.Complainant;
import dev.closeout.domain.complaint.ComplaintChannel;
import dev.closeout.domain.complaint.ComplaintCommand;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.domain.task.TaskCommand;
import dev.closeout.domain.task.TaskId;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * 督办台 (supervisors only, see {@code AccessRules}): the desk and the forms it posts. Each form sends
 * the command the API's endpoint sends, through the same service; accepted, the browser is sent back
 * to the desk (post/redirect/get); refused, the desk is shown again with the API's problem detail
 * beside the form, and the status the API would have answered. Whether a supervisor may decide is
 * the item's to say, as it is through the API.
 */
@Controller
@RequestMapping("/desk")
class DeskController {

    /** Items whose forms are not one item's: the registration and the receipt. */
    static final String NEW_TASK = "new-task";
    static final String NEW_COMPLAINT = "new-complaint";
    /** The hidden field that keys a registration or receipt form ({@link #formKey}). */
    static final String FORM_KEY = "formKey";
    /** Keeps a desk's keys apart from every key an API client may send. */
    private static final String FORM_KEY_PREFIX = "desk-form:";

    /** The task forms the desk offers; the rest of a task's forms are on its page. */
    private static final Set<TaskForm> DECISIONS = Set.of(TaskForm.CLOSE, TaskForm.RETURN,
            TaskForm.APPROVE_EXTENSION, TaskForm.REJECT_EXTENSION);

    private final Desk desk;
    private final TaskService tasks;
    private final ComplaintService complaints;
    private final Colours colours;
    private final ProblemHandler problems;

    DeskController(Desk desk, TaskService tasks, ComplaintService complaints, Colours colours,
                   ProblemHandler problems) {
        this.desk = desk;
        this.tasks = tasks;
        this.complaints = complaints;
        this.colours = colours;
        this.problems = problems;
    }

    @GetMapping
    String desk(@RequestParam(required = false) String registered, @RequestParam(required = false) String received,
                @RequestParam(required = false) String done, @RequestParam(required = false) String item,
                Model model, @AuthenticationPrincipal CloseoutUser user) {
        desk.fill(model, user.actor());
        model.addAttribute(FORM_KEY, FORM_KEY_PREFIX + UUID.randomUUID());
        model.addAttribute("registered", registered);
        model.addAttribute("received", received);
        Done said = Done.of(done, item);
        if (said != null) {
            model.addAttribute("done", said);
        }
        return "desk";
    }

    /**
     * What the desk says after a decision was accepted, the decided item gone from its list: what was done (the form's
     * own words) and a link to the item. {@code kind}: tasks or complaints.
     */
    record Done(String kind, String item, String label) {

        private static final Map<String, String> LABELS = Map.ofEntries(
                Map.entry("tasks/close", "form.close"), Map.entry("tasks/return", "form.return"),
                Map.entry("tasks/approve-extension", "form.approve-extension"),
                Map.entry("tasks/reject-extension", "form.reject-extension"), Map.entry("tasks/escalate", "desk.escalate"),
                Map.entry("complaints/assign", "desk.assign"), Map.entry("complaints/transfer", "desk.transfer"),
                Map.entry("complaints/reject-transfer", "desk.rejectTransfer"),
                Map.entry("complaints/escalate", "desk.escalate"));

        /** From the redirect's {@code done} ({@code kind/form}) and {@code item}; none for anything else. */
        static Done of(String done, String item) {
            String label = done == null ? null : LABELS.get(done);
            if (label == null || item == null || !item.matches("[0-9a-zA-Z-]{1,64}")) {
                return null;
            }
            return new Done(done.substring(0, done.indexOf('/')), item, label);
        }
    }

    private static String done(String kind, String item, String form) {
        return "redirect:" + UriComponentsBuilder.fromPath("/desk").queryParam("done", kind + "/" + form)
                .queryParam("item", item).toUriString();
    }

    /** 挂账: a new task on a ledger; the desk then links to it. */
    @PostMapping("/register")
    String register(@RequestParam Map<String, String> fields, Model model, @AuthenticationPrincipal CloseoutUser user,
                    HttpServletResponse response) {
        TaskId id;
        try {
            id = createdOnce(fields, key -> key.taskIdFor(user.username()), TaskId::generate,
                    (task, retry) -> tasks.register(registration(task, fields, user), retry, false));
        } catch (RuntimeException e) {
            return refused(NEW_TASK, "register", e, fields, model, user, response);
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/desk").queryParam("registered", id.value()).toUriString();
    }

    /** 受理: a complaint as it came in; it is then waiting to be assigned. */
    @PostMapping("/receive")
    String receive(@RequestParam Map<String, String> fields, Model model, @AuthenticationPrincipal CloseoutUser user,
                   HttpServletResponse response) {
        ComplaintId id;
        try {
            id = createdOnce(fields, key -> key.complaintIdFor(user.username()), ComplaintId::generate,
                    (complaint, retry) -> complaints.receive(receipt(complaint, fields, user), retry));
        } catch (RuntimeException e) {
            return refused(NEW_COMPLAINT, "receive", e, fields, model, user, response);
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/desk").queryParam("received", id.value()).toUriString();
    }

    /** 销号, 退回, and the decision on an extension; and 督办 (escalate). */
    @PostMapping("/tasks/{id}/{form}")
    String taskForm(@PathVariable String id, @PathVariable String form, @RequestParam Map<String, String> fields,
                    Model model, @AuthenticationPrincipal CloseoutUser user, HttpServletResponse response) {
        TaskId taskId = PageController.taskId(id);
        Actor actor = user.actor();
        TaskForm chosen = "escalate".equals(form) ? null : TaskForm.bySlug(form).filter(DECISIONS::contains)
                .orElseThrow(() -> new NotFoundException("No form " + form));
        try {
            // Built inside: a command refuses a blank reason as it is made, and that belongs beside its field.
            tasks.send(chosen == null
                    ? new TaskCommand.EscalateTask(taskId, fields.get("level"), fields.get("reason"), actor)
                    : chosen.command(taskId, fields, actor));
        } catch (RuntimeException e) {
            return refused(id, form, e, fields, model, user, response);
        }
        return done("tasks", id, form);
    }

    /** 交办, 转办 (granting a transfer request), rejecting one, and 督办 (escalate). */
    @PostMapping("/complaints/{id}/{form}")
    String complaintForm(@PathVariable String id, @PathVariable String form, @RequestParam Map<String, String> fields,
                         Model model, @AuthenticationPrincipal CloseoutUser user, HttpServletResponse response) {
        ComplaintId complaintId = PageController.complaintId(id);
        Actor actor = user.actor();
        try {
            ComplaintCommand command = switch (form) {
                case "assign" -> new ComplaintCommand.AssignComplaint(complaintId, fields.get("department"),
                        colours.dueDate(TaskForm.date(fields, "dueDate"), null), actor);
                // the API's field name, so that a refusal naming it lands beside its input
                case "transfer" -> new ComplaintCommand.TransferComplaint(complaintId, fields.get("department"),
                        TaskForm.date(fields, "dueDate"), fields.get("reason"), actor);
                case "reject-transfer" -> new ComplaintCommand.RejectTransfer(complaintId, fields.get("reason"), actor);
                case "escalate" -> new ComplaintCommand.EscalateComplaint(complaintId, fields.get("level"),
                        fields.get("reason"), actor);
                default -> throw new NotFoundException("No form " + form);
            };
            complaints.send(command, actor);
        } catch (NotFoundException e) {
            throw e;
        } catch (RuntimeException e) {
            return refused(id, form, e, fields, model, user, response);
        }
        return done("complaints", id, form);
    }

    private String refused(String item, String form, RuntimeException e, Map<String, String> fields, Model model,
                           CloseoutUser user, HttpServletResponse response) {
        Refusal refusal = Refusal.of(item, form, problems.describe(e));
        response.setStatus(refusal.status());
        model.addAttribute("refusal", refusal);
        model.addAttribute("posted", fields);
        model.addAttribute(PageModel.PAGE_PATH, "/desk");
        return desk(null, null, null, null, model, user);
    }

    /**
     * The key the desk drew its registration and receipt forms with: a form sent twice (a double click, a browser
     * sending it again) registers one task, receives one complaint, as the API's {@code Idempotency-Key} does.
     */
    private static Optional<IdempotencyKey> formKey(Map<String, String> fields) {
        return IdempotencyKey.of(fields.get(FORM_KEY)).map(key -> {
            if (!key.value().startsWith(FORM_KEY_PREFIX)) {
                throw new InvalidValueException(FORM_KEY, "is not one this desk drew");
            }
            return key;
        });
    }

    /**
     * Creates the task or complaint a registration or receipt form names, once however often the form is sent: its id
     * derived, as from the API's {@code Idempotency-Key}, from the form's key ({@link #formKey}) and what was sent, so
     * that the form sent again registers the same item and sent again with other fields (brought back by the browser,
     * changed) another, itself once. A form without a key (a client of its own) creates a new item each time.
     */
    private static <I> I createdOnce(Map<String, String> fields, Function<IdempotencyKey, I> idFor, Supplier<I> generated,
                                     BiConsumer<I, Boolean> create) {
        Optional<IdempotencyKey> key = formKey(fields);
        I id = key.map(k -> idFor.apply(new IdempotencyKey(k.value() + ":" + sent(fields)))).orElseGet(generated);
        create.accept(id, key.isPresent());
        return id;
    }

    /** What a form sent, but its token and key, as a name-based UUID. */
    private static UUID sent(Map<String, String> fields) {
        Map<String, String> sent = new TreeMap<>(fields);
        sent.remove(FORM_KEY);
        sent.remove("_csrf");
        return UUID.nameUUIDFromBytes(sent.toString().getBytes(StandardCharsets.UTF_8));
    }

    private TaskCommand.RegisterTask registration(TaskId id, Map<String, String> fields, CloseoutUser user) {
        return new TaskCommand.RegisterTask(id, fields.get("ledger"), fields.get("title"), fields.get("description"),
                fields.get("leadDepartment"), departments(fields.get("supportingDepartments")), null, null,
                colours.dueDate(TaskForm.date(fields, "dueDate"), null), user.actor(), null);
    }

    private static ComplaintCommand.ReceiveComplaint receipt(ComplaintId id, Map<String, String> fields,
                                                             CloseoutUser user) {
        return new ComplaintCommand.ReceiveComplaint(id, channel(fields.get("channel")), null, fields.get("subject"),
                fields.get("content"), complainant(fields), null, null, user.actor());
    }

    /** Supporting departments as typed: separated by commas, 、 or spaces. */
    private static List<String> departments(String typed) {
        return typed == null || typed.isBlank() ? List.of()
                : Arrays.stream(typed.trim().split("[,，、;；\\s]+")).filter(d -> !d.isBlank()).toList();
    }

    private static ComplaintChannel channel(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ComplaintChannel.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("channel", "has a value that cannot be read");
        }
    }

    /** {@code null} (anonymous) when neither name nor phone is given. */
    private static Complainant complainant(Map<String, String> fields) {
        String name = fields.get("complainant.name");
        String phone = fields.get("complainant.phone");
        boolean none = (name == null || name.isBlank()) && (phone == null || phone.isBlank());
        return none ? null : new Complainant(name, phone);
    }
}
