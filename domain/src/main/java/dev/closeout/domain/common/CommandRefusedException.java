package dev.closeout.domain.common;

/**
 * An aggregate said no. The message says why in words a user understands; the
 * {@link Reason} lets the API pick the status (state conflict 409, not permitted 403,
 * invalid request 400). A refused command appends nothing.
 */
public class CommandRefusedException extends RuntimeException {

    public enum Reason {
        /** Not allowed in the item's current state (HTTP 409). */
        STATE,
        /** The actor may not do this to this item (HTTP 403). */
        PERMISSION,
        /** The request itself is wrong for this item, e.g. an extension that shortens the deadline (HTTP 400). */
        INVALID
    }

    private final Reason reason;
    private final String field;

    public CommandRefusedException(Reason reason, String message) {
        this(reason, null, message);
    }

    public CommandRefusedException(Reason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public static CommandRefusedException state(String message) {
        return new CommandRefusedException(Reason.STATE, message);
    }

    public static CommandRefusedException permission(String message) {
        return new CommandRefusedException(Reason.PERMISSION, message);
    }

    public static CommandRefusedException invalid(String field, String message) {
        return new CommandRefusedException(Reason.INVALID, field, message);
    }

    public Reason reason() {
        return reason;
    }

    /** The request field at fault for {@link Reason#INVALID}, else {@code null}. */
    public String field() {
        return field;
    }
}
