package dev.closeout.domain.common;

/** A value that cannot be constructed: the field it belongs to and why (HTTP 400). */
public class InvalidValueException extends IllegalArgumentException {

    private final String field;

    public InvalidValueException(String field, String reason) {
        super(field + " " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
