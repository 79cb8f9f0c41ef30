package dev.closeout.domain.user;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.Role;

/**
 * A user stored by the office (not one from configuration) was created, disabled, enabled, given a
 * new password by a supervisor (which its holder must change at the next sign-in), or changed its own
 * password. A fact, like every event: it does no validation, so it can always be read back; it
 * carries no password and no hash.
 * <p>
 * Each user name is a stream of its own in the event store (type {@value #STREAM_TYPE}, identifier
 * {@code user:<name>}, one sequence number per change), so every change is chained and digested
 * like every other event, and two changes to one user at once cannot both be stored.
 *
 * @param role       the user's role after the change
 * @param department the department it acts for (a {@link Role#DEPARTMENT} user), else {@code null}
 * @param by         who made the change: a supervisor, or the user itself for {@link Change#PASSWORD_CHANGED}
 */
public record UserChanged(String name, Change change, Role role, String department, Actor by) {

    /** The aggregate type its streams are stored under. */
    public static final String STREAM_TYPE = "User";

    public enum Change {
        CREATED, DISABLED, ENABLED, PASSWORD_RESET, PASSWORD_CHANGED
    }

    /** The identifier of a user's stream. */
    public static String stream(String name) {
        return "user:" + name;
    }
}
