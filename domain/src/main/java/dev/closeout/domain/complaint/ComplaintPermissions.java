package dev.closeout.domain.complaint;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.RolePolicy;

/**
 * Who may act on a complaint. The department it is currently assigned to signs for it,
 * answers it and may ask for it to be transferred; a supervisor may do anything a department
 * may, and is recorded as themselves. Auditors and alert consumers only read, and the engine
 * only escalates. A transfer hands these rights to the new department at once.
 *
 * @param assignedDepartment the department handling the complaint; {@code null} until it is assigned
 */
record ComplaintPermissions(String assignedDepartment) {

    static final ComplaintPermissions UNASSIGNED = new ComplaintPermissions(null);

    /** For acts that belong to the supervisors alone: receive, assign, transfer, rate, close, reopen, convert. */
    static void requireSupervisor(Actor actor, String action) {
        RolePolicy.requireSupervisor(actor, action, "complaints");
    }

    /** Escalation is the one act the engine performs itself, when a complaint runs overdue. */
    static void requireSupervisorOrEngine(Actor actor, String action) {
        RolePolicy.requireSupervisorOrEngine(actor, action, "complaints");
    }

    /** For the work the assigned department answers for: accept, reply, ask for a transfer. */
    void requireAssignedDepartment(Actor actor, String action) {
        if (actor.isSupervisor() || (assignedDepartment != null && actor.actsFor(assignedDepartment))) {
            return;
        }
        refuseReadOnly(actor);
        if (assignedDepartment == null) {
            throw CommandRefusedException.permission("The complaint is not assigned to any department yet; only a "
                    + "supervisor may " + action);
        }
        throw CommandRefusedException.permission("Only the assigned department " + assignedDepartment
                + " or a supervisor may " + action + "; you act for " + actor.department());
    }

    private static void refuseReadOnly(Actor actor) {
        RolePolicy.refuseReadOnly(actor, "complaints");
    }
}
