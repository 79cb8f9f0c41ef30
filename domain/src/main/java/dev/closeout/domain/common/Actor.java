package dev.closeout.domain.common;

import java.util.Objects;

/**
 * The person (or the engine) behind a command, recorded on every event: the ledger is
 * trusted because every step says who took it.
 *
 * @param user       login name
 * @param role       the role the user acted in
 * @param department department code for {@link Role#DEPARTMENT}; {@code null} for other roles
 */
public record Actor(String user, Role role, String department) {

    public static final Actor SYSTEM = new Actor("system", Role.SYSTEM, null);

    public Actor {
        user = Text.line(user, "user", Limits.NAME);
        Objects.requireNonNull(role, "role");
        if (role == Role.DEPARTMENT) {
            department = Text.name(department, "department");
        } else {
            department = Text.optionalName(department, "department");
        }
    }

    public static Actor supervisor(String user) {
        return new Actor(user, Role.SUPERVISOR, null);
    }

    public static Actor department(String user, String department) {
        return new Actor(user, Role.DEPARTMENT, department);
    }

    public boolean isSupervisor() {
        return role == Role.SUPERVISOR;
    }

    public boolean actsFor(String departmentCode) {
        return role == Role.DEPARTMENT && department.equals(departmentCode);
    }
}
