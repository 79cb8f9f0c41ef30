package dev.closeout.domain.inspection;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.TimeOrderedIds;

import java.util.regex.Pattern;

/** Identifies an inspection round. Safe in URLs and as a MongoDB field name: letters, digits, '-' and '_'. */
public record InspectionRoundId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public InspectionRoundId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new InvalidValueException("roundId", "must be 1-64 letters, digits, '-' or '_'");
        }
    }

    public static InspectionRoundId generate() {
        return new InspectionRoundId(TimeOrderedIds.next());
    }

    /** Axon uses {@code toString()} as the aggregate identifier. */
    @Override
    public String toString() {
        return value;
    }
}
