package dev.closeout.application.complaint;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.Role;

/**
 * Who may see a complainant's name and phone: supervisors, and the department the complaint
 * is assigned to now (it must call them back). Everyone else, including departments that had
 * the complaint before a transfer and auditors, sees them masked.
 */
final class ComplainantVisibility {

    private ComplainantVisibility() {
    }

    static boolean mayView(Actor reader, String assignedDepartment) {
        return reader.role() == Role.SUPERVISOR
                || (assignedDepartment != null && reader.actsFor(assignedDepartment));
    }
}
