package dev.closeout.domain.task;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.RolePolicy;

import java.util.List;

/**
 * Who may act on a task. The lead department (牵头单位) does the work and answers for it;
 * supporting departments (配合单位) may only report progress; a supervisor may do anything a
 * department may, and is recorded as themselves. Auditors and alert consumers only read,
 * and the engine only escalates.
 */
record TaskPermissions(String leadDepartment, List<String> supportingDepartments) {

    /** Built from a stored event, which is never validated: a missing list means no supporting departments. */
    TaskPermissions {
        supportingDepartments = supportingDepartments == null ? List.of() : List.copyOf(supportingDepartments);
    }

    /** For acts that belong to the supervisors alone: register, decide, close, return, reopen, withdraw. */
    static void requireSupervisor(Actor actor, String action) {
        RolePolicy.requireSupervisor(actor, action, "tasks");
    }

    /** Escalation is the one act the engine performs itself, when a task runs overdue. */
    static void requireSupervisorOrEngine(Actor actor, String action) {
        RolePolicy.requireSupervisorOrEngine(actor, action, "tasks");
    }

    /** For the work the lead department answers for: claim, ask for time, ask for closure. */
    void requireLeadDepartment(Actor actor, String action) {
        if (actor.isSupervisor() || actor.actsFor(leadDepartment)) {
            return;
        }
        refuseReadOnly(actor);
        if (isSupporting(actor)) {
            throw CommandRefusedException.permission("Department " + actor.department()
                    + " supports this task and may only report progress; only the lead department "
                    + leadDepartment + " or a supervisor may " + action);
        }
        throw CommandRefusedException.permission("Only the lead department " + leadDepartment
                + " or a supervisor may " + action + "; you act for " + actor.department());
    }

    /** Progress reports are the one act open to supporting departments too. */
    void requireLeadOrSupportingDepartment(Actor actor, String action) {
        if (actor.isSupervisor() || actor.actsFor(leadDepartment) || isSupporting(actor)) {
            return;
        }
        refuseReadOnly(actor);
        throw CommandRefusedException.permission("Only the lead department " + leadDepartment
                + ", a supporting department or a supervisor may " + action + "; you act for "
                + actor.department());
    }

    private boolean isSupporting(Actor actor) {
        return supportingDepartments.stream().anyMatch(actor::actsFor);
    }

    private static void refuseReadOnly(Actor actor) {
        RolePolicy.refuseReadOnly(actor, "tasks");
    }
}
