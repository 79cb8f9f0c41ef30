package dev.closeout.domain.common;

/** Checks for free-text fields; the message names the field so the API can report it. */
public final class Text {

    private Text() {
    }

    /** Trimmed, non-blank text or an {@link InvalidValueException} naming the field. */
    public static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(field, "must not be blank");
        }
        return value.strip();
    }

    /** Trimmed text, or {@code null} when absent or blank. */
    public static String optional(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Like {@link #required} with an upper bound on length. */
    public static String required(String value, String field, int maxLength) {
        String text = required(value, field);
        if (text.length() > maxLength) {
            throw new InvalidValueException(field, "must be at most " + maxLength + " characters");
        }
        return text;
    }

    /** Like {@link #optional(String)} with an upper bound on length when present. */
    public static String optional(String value, String field, int maxLength) {
        String text = optional(value);
        if (text != null && text.length() > maxLength) {
            throw new InvalidValueException(field, "must be at most " + maxLength + " characters");
        }
        return text;
    }
}
