package dev.closeout.domain.task;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.Role;

import java.util.List;

/**
 * Who may attach evidence files to a task and who may open them. Attaching is part of asking for
 * closure, so it is open to whoever may ask ({@link TaskPermissions#requireLeadDepartment}: the
 * lead department or a supervisor). Opening is for those who decide or audit the request and for
 * the department that answers for the task: supervisors, auditors and the lead department.
 * Supporting departments, alert consumers and the engine do not see the files.
 */
public final class EvidenceAccess {

    private EvidenceAccess() {
    }

    public static void requireMayAttach(Actor actor, String leadDepartment, List<String> supportingDepartments) {
        new TaskPermissions(leadDepartment, supportingDepartments)
                .requireLeadDepartment(actor, "attach evidence to this task");
    }

    public static void requireMayOpen(Actor actor, String leadDepartment) {
        if (actor.isSupervisor() || actor.role() == Role.AUDITOR || actor.actsFor(leadDepartment)) {
            return;
        }
        throw CommandRefusedException.permission("Only supervisors, auditors and the lead department "
                + leadDepartment + " may open this task's evidence files");
    }
}
