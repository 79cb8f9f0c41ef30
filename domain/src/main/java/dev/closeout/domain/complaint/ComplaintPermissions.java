package dev.closeout.domain.complaint;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.Role;

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
        if (actor.isSupervisor()) {
            return;
        }
        refuseReadOnly(actor);
        throw CommandRefusedException.permission("Only a supervisor may " + action);
    }

    /** Escalation is the one act the engine performs itself, when a complaint runs overdue. */
    static void requireSupervisorOrEngine(Actor actor, String action) {
        if (actor.isSupervisor() || actor.role() == Role.SYSTEM) {
            return;
        }
        refuseReadOnly(actor);
        throw CommandRefusedException.permission("Only a supervisor or the engine may " + action);
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

    /**
     * Roles that may never change a complaint get a message about their role, not about the
     * complaint. The switch is exhaustive so that a new role must be placed here on purpose.
     */
    private static void refuseReadOnly(Actor actor) {
        String refusal = switch (actor.role()) {
            case AUDITOR -> "An auditor may read complaints but not change them";
            case ALERT_CONSUMER -> "An alert consumer may receive alerts but not change complaints";
            case SYSTEM -> "The engine may only escalate complaints";
            case SUPERVISOR, DEPARTMENT -> null;
        };
        if (refusal != null) {
            throw CommandRefusedException.permission(refusal);
        }
    }
}
