package dev.closeout.domain.inspection;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.TimeOrderedIds;
import dev.closeout.domain.task.TaskId;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/** Identifies a finding within its round. Safe in URLs: letters, digits, '-' and '_'. */
public record FindingId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public FindingId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new InvalidValueException("findingId", "must be 1-64 letters, digits, '-' or '_'");
        }
    }

    public static FindingId generate() {
        return new FindingId(TimeOrderedIds.next());
    }

    /**
     * The id of the rectification task this finding of {@code round} converts into: a name-based
     * UUID over both, so that converting the same finding again (a retry, a double click) names the
     * same task, which the round answers with its first conversion. Ids hold no NUL, so no two pairs
     * share a name, nor with the other derived task ids.
     */
    public TaskId taskIdIn(InspectionRoundId round) {
        String name = "InspectionFinding\u0000" + round.value() + "\u0000" + value;
        return new TaskId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
