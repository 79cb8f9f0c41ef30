package dev.closeout.domain.common;

/**
 * The role rules every kind of item shares: some acts are the supervisors' alone, escalation is
 * also the engine's, and auditors, alert consumers, operators and the engine otherwise change nothing.
 * The item-specific rules (which department answers for an item) stay with each aggregate.
 */
public final class RolePolicy {

    private RolePolicy() {
    }

    /** For acts that belong to the supervisors alone. {@code items} names the kind, e.g. "tasks". */
    public static void requireSupervisor(Actor actor, String action, String items) {
        if (actor.isSupervisor()) {
            return;
        }
        refuseReadOnly(actor, items);
        throw CommandRefusedException.permission("Only a supervisor may " + action);
    }

    /** Escalation is the one act the engine performs itself, when an item runs overdue. */
    public static void requireSupervisorOrEngine(Actor actor, String action, String items) {
        if (actor.isSupervisor() || actor.role() == Role.SYSTEM) {
            return;
        }
        refuseReadOnly(actor, items);
        throw CommandRefusedException.permission("Only a supervisor or the engine may " + action);
    }

    /** Deadline checks are the engine's: a person escalates or extends instead. */
    public static void requireEngine(Actor actor, String action) {
        if (actor.role() != Role.SYSTEM) {
            throw CommandRefusedException.permission("Only the engine may " + action);
        }
    }

    /**
     * Roles that may never change an item get a message about their role, not about the item.
     * The switch is exhaustive so that a new role must be placed here on purpose.
     */
    public static void refuseReadOnly(Actor actor, String items) {
        String refusal = switch (actor.role()) {
            case AUDITOR -> "An auditor may read " + items + " but not change them";
            case ALERT_CONSUMER -> "An alert consumer may receive alerts but not change " + items;
            case OPERATOR -> "An operator may read the service's metrics and health but not change " + items;
            case SYSTEM -> "The engine may only escalate " + items + " and check their deadlines";
            case SUPERVISOR, DEPARTMENT -> null;
        };
        if (refusal != null) {
            throw CommandRefusedException.permission(refusal);
        }
    }
}
