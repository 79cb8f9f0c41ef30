package dev.closeout.application.web;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.domain.inspection.FindingId;
import dev.closeout.domain.inspection.InspectionRoundId;
import dev.closeout.domain.task.TaskId;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The client's {@code Idempotency-Key} (IETF draft "The Idempotency-Key HTTP Header Field"): the
 * same key on a retried request names the same operation, so the API can answer it once.
 * Nothing is stored for the key itself: the id of what the request creates is derived from it,
 * and that item's own history is the record of whether the operation already happened.
 */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";

    /** Visible ASCII only, so a key reads the same in every log, proxy and client library. */
    private static final Pattern SHAPE = Pattern.compile("[\\x21-\\x7E]{1,255}");

    public IdempotencyKey {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new InvalidValueException(HEADER, "must be 1-255 visible ASCII characters");
        }
    }

    /** The header as sent, or empty if the client sent none (then every request is a new conversion). */
    public static Optional<IdempotencyKey> of(String header) {
        if (header == null) {
            return Optional.empty();
        }
        return Optional.of(new IdempotencyKey(unquoted(header)));
    }

    /**
     * The draft defines the field as a structured-field string ({@code "abc"}), while most
     * clients send the bare token ({@code abc}); both name the same key, so both retry alike.
     */
    private static String unquoted(String header) {
        if (header.length() < 2 || !header.startsWith("\"") || !header.endsWith("\"")) {
            return header;
        }
        StringBuilder key = new StringBuilder();
        String inner = header.substring(1, header.length() - 1);
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 1 < inner.length()) {
                c = inner.charAt(++i);
            }
            key.append(c);
        }
        return key.toString();
    }

    /**
     * The task this key converts the complaint into for this user, as {@link #taskIdFor(String)} registers a task: the
     * same user retrying picks the same task; the same key on another complaint, or another user's equal key, another.
     */
    public TaskId taskIdFor(ComplaintId complaint, String user) {
        return taskId("ConvertComplaintToTask\u0000" + complaint.value() + "\u0000" + user + "\u0000" + value);
    }

    /**
     * The task this key registers for this user: the same user retrying gets the same task, and
     * another user's equal key another. User names hold no control character, so the NUL
     * separators keep these names apart from each other and from conversions.
     */
    public TaskId taskIdFor(String user) {
        return taskId("RegisterTask\u0000" + user + "\u0000" + value);
    }

    /**
     * The finding this key records in the round for this user, as {@link #taskIdFor(String)} registers a task: the same
     * user retrying gets the same finding, another user's equal key another.
     */
    public FindingId findingIdFor(InspectionRoundId round, String user) {
        return new FindingId(uuid("RecordFinding\u0000" + round.value() + "\u0000" + user + "\u0000" + value));
    }

    /**
     * The complaint this key receives for this user, as {@link #taskIdFor(String)} registers a task: a hotline platform
     * retrying its ticket after a timeout gets the same complaint, another user's equal key another.
     */
    public ComplaintId complaintIdFor(String user) {
        return new ComplaintId(uuid("ReceiveComplaint\u0000" + user + "\u0000" + value));
    }

    private static TaskId taskId(String name) {
        return new TaskId(uuid(name));
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
