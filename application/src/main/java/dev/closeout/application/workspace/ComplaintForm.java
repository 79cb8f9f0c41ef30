package dev.closeout.application.workspace;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.complaint.ComplaintAction;
import dev.closeout.domain.complaint.ComplaintCommand;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.domain.complaint.ComplaintStatus;
import dev.closeout.domain.complaint.Satisfaction;
import dev.closeout.projections.complaint.ComplaintView;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The forms a complaint's page and worklist row may offer, as {@link TaskForm} does for tasks: shown
 * after the lifecycle table ({@link dev.closeout.domain.complaint.ComplaintStatus#allows}) and the
 * reader's department, decided by the complaint. Assigning and transferring are the supervisor desk's;
 * rating a reply (满意度回访), reopening (重办) and escalating are on the complaint's page.
 */
enum ComplaintForm implements ItemForm {
    /** 签收 */
    ACCEPT("accept", ComplaintAction.ACCEPT),
    /** 答复 */
    REPLY("reply", ComplaintAction.REPLY, new FormField("content", "textarea")),
    /** 申请转办 */
    TRANSFER_REQUEST("transfer-request", ComplaintAction.REQUEST_TRANSFER, FormField.text("reason")),
    /** 办结 */
    CLOSE("close", ComplaintAction.CLOSE),
    /** 重办: a supervisor sends a replied or closed complaint back to its department, with a new time limit. */
    REOPEN("reopen", ComplaintAction.REOPEN, FormField.text("reason"), new FormField("dueDate", "date")),
    /** 满意度回访: how the complainant rated the reply, recorded by a supervisor. */
    SATISFACTION("satisfaction", ComplaintAction.RECORD_SATISFACTION, new FormField("rating", FormField.RATING),
            FormField.text("note")),
    /** 催办/督办/调度 */
    ESCALATE("escalate", ComplaintAction.ESCALATE, new FormField("level", FormField.LEVEL), FormField.text("reason"));

    private final Shape shape;
    private final ComplaintAction action;

    ComplaintForm(String slug, ComplaintAction action, FormField... fields) {
        this.shape = new Shape(slug, fields);
        this.action = action;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public boolean listed() {
        return this != SATISFACTION && this != ESCALATE && this != REOPEN;
    }

    /** 重办 is not a task's 回头看: its words are its own. */
    @Override
    public String messages() {
        return this == REOPEN ? "form.complaint-reopen" : ItemForm.super.messages();
    }

    static Optional<ComplaintForm> bySlug(String slug) {
        return ItemForm.bySlug(ComplaintForm.class, slug);
    }

    static Set<ComplaintForm> offered(ComplaintView complaint, Actor reader) {
        Set<ComplaintForm> offered = EnumSet.noneOf(ComplaintForm.class);
        boolean assigned = complaint.department() != null && reader.actsFor(complaint.department());
        for (ComplaintForm form : values()) {
            boolean toReader = switch (form) {
                // the complaint refuses both while its department's transfer request awaits a supervisor
                case ACCEPT, REPLY, TRANSFER_REQUEST -> assigned && complaint.transferRequest() == null;
                case CLOSE, ESCALATE -> reader.isSupervisor();
                // the complaint takes one rating a reply
                case SATISFACTION -> reader.isSupervisor() && !replyRated(complaint);
                // a replied complaint is reopened only once the complainant said its reply did not satisfy
                case REOPEN -> reader.isSupervisor() && (complaint.status() == ComplaintStatus.CLOSED
                        || replyRated(complaint) && complaint.satisfaction().rating() == Satisfaction.DISSATISFIED);
            };
            if (toReader && complaint.status().allows(form.action)) {
                offered.add(form);
            }
        }
        return offered;
    }

    /**
     * Whether the latest reply has been rated: the view keeps the last rating after a new reply until that one is rated
     * (a reopened complaint answered again), so the rating counts only if it came after the reply.
     */
    private static boolean replyRated(ComplaintView complaint) {
        return complaint.satisfaction() != null && complaint.latestReply() != null
                && !complaint.satisfaction().at().isBefore(complaint.latestReply().at());
    }

    ComplaintCommand command(ComplaintId id, Map<String, String> fields, Actor actor) {
        return switch (this) {
            case ACCEPT -> new ComplaintCommand.AcceptComplaint(id, actor);
            case REPLY -> new ComplaintCommand.ReplyToComplaint(id, fields.get("content"), actor);
            case TRANSFER_REQUEST -> new ComplaintCommand.RequestTransfer(id, fields.get("reason"), actor);
            case CLOSE -> new ComplaintCommand.CloseComplaint(id, actor);
            case REOPEN -> new ComplaintCommand.ReopenComplaint(id, fields.get("reason"), TaskForm.date(fields, "dueDate"),
                    actor);
            case SATISFACTION -> new ComplaintCommand.RecordSatisfaction(id, rating(fields.get("rating")),
                    fields.get("note"), actor);
            case ESCALATE -> new ComplaintCommand.EscalateComplaint(id, fields.get("level"), fields.get("reason"),
                    actor);
        };
    }

    /** The rating chosen; none chosen is none, which the command refuses naming {@code rating}. */
    private static Satisfaction rating(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Satisfaction.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("rating", "has a value that cannot be read");
        }
    }
}
