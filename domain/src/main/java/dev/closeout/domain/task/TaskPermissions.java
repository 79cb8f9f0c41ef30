package dev.closeout.domain.task;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.Role;

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
        if (actor.isSupervisor()) {
            return;
        }
        refuseReadOnly(actor);
        throw CommandRefusedException.permission("Only a supervisor may " + action);
    }

    /** Escalation is the one act the engine performs itself, when a task runs overdue. */
    static void requireSupervisorOrEngine(Actor actor, String action) {
        if (actor.isSupervisor() || actor.role() == Role.SYSTEM) {
            return;
        }
        refuseReadOnly(actor);
        throw CommandRefusedException.permission("Only a supervisor or the engine may " + action);
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

    /**
     * Roles that may never change a task get a message about their role, not about the task.
     * The switch is exhaustive so that a new role must be placed here on purpose.
     */
    private static void refuseReadOnly(Actor actor) {
        String refusal = switch (actor.role()) {
            case AUDITOR -> "An auditor may read tasks but not change them";
            case ALERT_CONSUMER -> "An alert consumer may receive alerts but not change tasks";
            case SYSTEM -> "The engine may only escalate tasks";
            case SUPERVISOR, DEPARTMENT -> null;
        };
        if (refusal != null) {
            throw CommandRefusedException.permission(refusal);
        }
    }
}
