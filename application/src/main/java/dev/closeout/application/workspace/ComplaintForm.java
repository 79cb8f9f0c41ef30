package dev.closeout.application.workspace;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.complaint.ComplaintAction;
import dev.closeout.domain.complaint.ComplaintCommand;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.projections.complaint.ComplaintView;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The forms a complaint's page and worklist row may offer, as {@link TaskForm} does for tasks: shown
 * after the lifecycle table ({@link dev.closeout.domain.complaint.ComplaintStatus#allows}) and the
 * reader's department, decided by the complaint. Assigning, transferring and rating are the
 * supervisor desk's.
 */
enum ComplaintForm implements ItemForm {
    /** 签收 */
    ACCEPT("accept", ComplaintAction.ACCEPT),
    /** 答复 */
    REPLY("reply", ComplaintAction.REPLY, new FormField("content", "textarea")),
    /** 申请转办 */
    TRANSFER_REQUEST("transfer-request", ComplaintAction.REQUEST_TRANSFER, FormField.text("reason")),
    /** 办结 */
    CLOSE("close", ComplaintAction.CLOSE);

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

    static Optional<ComplaintForm> bySlug(String slug) {
        return ItemForm.bySlug(ComplaintForm.class, slug);
    }

    static Set<ComplaintForm> offered(ComplaintView complaint, Actor reader) {
        Set<ComplaintForm> offered = EnumSet.noneOf(ComplaintForm.class);
        boolean assigned = complaint.department() != null && reader.actsFor(complaint.department());
        for (ComplaintForm form : values()) {
            boolean toReader = switch (form) {
                case ACCEPT, REPLY -> assigned;
                case TRANSFER_REQUEST -> assigned && complaint.transferRequest() == null;
                case CLOSE -> reader.isSupervisor();
            };
            if (toReader && complaint.status().allows(form.action)) {
                offered.add(form);
            }
        }
        return offered;
    }

    ComplaintCommand command(ComplaintId id, Map<String, String> fields, Actor actor) {
        return switch (this) {
            case ACCEPT -> new ComplaintCommand.AcceptComplaint(id, actor);
            case REPLY -> new ComplaintCommand.ReplyToComplaint(id, fields.get("content"), actor);
            case TRANSFER_REQUEST -> new ComplaintCommand.RequestTransfer(id, fields.get("reason"), actor);
            case CLOSE -> new ComplaintCommand.CloseComplaint(id, actor);
        };
    }
}
