package dev.closeout.application.workspace;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.task.TaskAction;
import dev.closeout.domain.task.TaskCommand;
import dev.closeout.domain.task.TaskId;
import dev.closeout.projections.task.TaskView;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The forms a task's page and worklist row may offer, each sending one task command. Which to show is
 * read from the lifecycle table ({@link dev.closeout.domain.task.TaskStatus#allows}) and the reader's
 * role and department; whether the command is accepted is still the task's decision, and its refusal
 * is shown beside the form. A department's work is offered to the departments doing it, a decision
 * to supervisors (who may also do a department's work through the API, but are not offered it here).
 */
enum TaskForm implements ItemForm {
    /** 签收 */
    CLAIM("claim", TaskAction.CLAIM),
    /** 报进度 */
    PROGRESS("progress", TaskAction.REPORT_PROGRESS, new FormField("percentComplete", "number"),
            FormField.text("note")),
    /** 申请延期 */
    EXTENSION("extension", TaskAction.REQUEST_EXTENSION, new FormField("newDueDate", "date"),
            FormField.text("reason")),
    /** 申请销号, with evidence files ({@link ClosureRequestForm}; posted as {@code multipart/form-data}). */
    CLOSURE_REQUEST("closure-request", TaskAction.REQUEST_CLOSURE, new FormField("evidence", "textarea"),
            new FormField("file", FormField.FILES)),
    /** 销号 */
    CLOSE("close", TaskAction.CLOSE),
    /** 退回 */
    RETURN("return", TaskAction.RETURN, FormField.text("reason")),
    APPROVE_EXTENSION("approve-extension", TaskAction.DECIDE_EXTENSION),
    REJECT_EXTENSION("reject-extension", TaskAction.DECIDE_EXTENSION, FormField.text("reason")),
    /** 回头看 */
    REOPEN("reopen", TaskAction.REOPEN, FormField.text("reason")),
    /** 撤销 */
    WITHDRAW("withdraw", TaskAction.WITHDRAW, FormField.text("reason")),
    /** 催办/督办/调度, on the task's page (the desk offers it for the most urgent red tasks). */
    ESCALATE("escalate", TaskAction.ESCALATE, new FormField("level", FormField.LEVEL), FormField.text("reason"));

    /** The field of an extension's decision naming the date decided ({@link Rows.TaskRow#decided}). */
    static final String EXTENSION_DECIDED = "newDueDate";
    /** The field of 销号 and 退回 naming the closure request decided, by when it was made. */
    static final String CLOSURE_DECIDED = "closureRequestedAt";

    private final Shape shape;
    private final TaskAction action;

    TaskForm(String slug, TaskAction action, FormField... fields) {
        this.shape = new Shape(slug, fields);
        this.action = action;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public boolean listed() {
        return this != ESCALATE;
    }

    static Optional<TaskForm> bySlug(String slug) {
        return ItemForm.bySlug(TaskForm.class, slug);
    }

    /** The forms to offer {@code reader} on this task as it stands. */
    static Set<TaskForm> offered(TaskView task, Actor reader) {
        Set<TaskForm> offered = EnumSet.noneOf(TaskForm.class);
        boolean lead = reader.actsFor(task.leadDepartment());
        boolean supporting = task.supportingDepartments().stream().anyMatch(reader::actsFor);
        for (TaskForm form : values()) {
            if (task.status().allows(form.action) && form.offeredTo(task, reader, lead, supporting)) {
                offered.add(form);
            }
        }
        return offered;
    }

    private boolean offeredTo(TaskView task, Actor reader, boolean lead, boolean supporting) {
        boolean extensionPending = task.pendingExtension() != null;
        return switch (this) {
            case CLAIM -> lead;
            // The task refuses either while an extension waits on a supervisor.
            case EXTENSION, CLOSURE_REQUEST -> lead && !extensionPending;
            case PROGRESS -> lead || supporting;
            case APPROVE_EXTENSION, REJECT_EXTENSION -> reader.isSupervisor() && extensionPending;
            case CLOSE, RETURN, REOPEN, WITHDRAW, ESCALATE -> reader.isSupervisor();
        };
    }

    /**
     * The command this form sends, from the fields as posted (named as in the API's request bodies, so
     * that a refusal's {@code field} names the input it belongs to).
     */
    TaskCommand command(TaskId id, Map<String, String> fields, Actor actor) {
        return switch (this) {
            case CLAIM -> new TaskCommand.ClaimTask(id, actor);
            case PROGRESS -> new TaskCommand.ReportProgress(id, fields.get("note"),
                    wholeNumber(fields, "percentComplete"), actor);
            case EXTENSION -> new TaskCommand.RequestExtension(id, date(fields, "newDueDate"), fields.get("reason"),
                    actor);
            case CLOSURE_REQUEST -> new TaskCommand.RequestClosure(id, fields.get("evidence"), actor);
            case CLOSE -> new TaskCommand.CloseTask(id, instant(fields, CLOSURE_DECIDED), actor);
            case RETURN -> new TaskCommand.ReturnTask(id, fields.get("reason"), instant(fields, CLOSURE_DECIDED), actor);
            case APPROVE_EXTENSION -> new TaskCommand.ApproveExtension(id, date(fields, EXTENSION_DECIDED), actor);
            case REJECT_EXTENSION -> new TaskCommand.RejectExtension(id, fields.get("reason"),
                    date(fields, EXTENSION_DECIDED), actor);
            case REOPEN -> new TaskCommand.ReopenTask(id, fields.get("reason"), actor);
            case WITHDRAW -> new TaskCommand.WithdrawTask(id, fields.get("reason"), actor);
            case ESCALATE -> new TaskCommand.EscalateTask(id, fields.get("level"), fields.get("reason"), actor);
        };
    }

    static int wholeNumber(Map<String, String> fields, String field) {
        String value = blankToNull(fields.get(field));
        if (value == null) {
            throw new InvalidValueException(field, "is required");
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidValueException(field, "has a value that cannot be read");
        }
    }

    /** A date as a browser's date input posts it ({@code yyyy-MM-dd}); blank is none. */
    static LocalDate date(Map<String, String> fields, String field) {
        return parsed(fields, field, LocalDate::parse);
    }

    /** An instant as the page wrote it (ISO-8601, {@code 2026-03-11T02:00:00Z}); blank is none. */
    static Instant instant(Map<String, String> fields, String field) {
        return parsed(fields, field, Instant::parse);
    }

    private static <T> T parsed(Map<String, String> fields, String field, Function<String, T> parse) {
        String value = blankToNull(fields.get(field));
        try {
            return value == null ? null : parse.apply(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, "has a value that cannot be read");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
