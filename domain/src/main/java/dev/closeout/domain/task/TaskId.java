package dev.closeout.domain.task;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.TimeOrderedIds;

import java.util.regex.Pattern;

/** Identifies a task. Safe in URLs and as a MongoDB field name: letters, digits, '-' and '_'. */
public record TaskId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public TaskId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new InvalidValueException("taskId", "must be 1-64 letters, digits, '-' or '_'");
        }
    }

    public static TaskId generate() {
        return new TaskId(TimeOrderedIds.next());
    }

    /** Axon uses {@code toString()} as the aggregate identifier. */
    @Override
    public String toString() {
        return value;
    }
}
