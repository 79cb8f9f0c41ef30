package dev.closeout.domain.complaint;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.TimeOrderedIds;

import java.util.regex.Pattern;

/** Identifies a complaint. Safe in URLs and as a MongoDB field name: letters, digits, '-' and '_'. */
public record ComplaintId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ComplaintId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new InvalidValueException("complaintId", "must be 1-64 letters, digits, '-' or '_'");
        }
    }

    public static ComplaintId generate() {
        return new ComplaintId(TimeOrderedIds.next());
    }

    /** Axon uses {@code toString()} as the aggregate identifier. */
    @Override
    public String toString() {
        return value;
    }
}
