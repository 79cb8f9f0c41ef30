package dev.closeout.application.workspace;

import dev.closeout.domain.task.EvidenceFile;
import dev.closeout.projections.support.OfficeZone;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An item's history (the API's, read from the event store) as the timeline of its page: when, who,
 * in which role and department, what happened, and the event's own fields (reasons, notes, evidence,
 * dates) beside it.
 */
@Component
public class Timeline {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** An ISO instant as the history holds an event's times ({@code 2026-03-11T02:00:09.035Z}). */
    private static final Pattern ISO_INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z");

    private final OfficeZone zone;

    Timeline(OfficeZone zone) {
        this.zone = zone;
    }

    /** {@code files}: the evidence files a closure request named, to be linked rather than listed as text. */
    record Step(String when, String type, String user, String role, String department, List<Detail> details,
                List<EvidenceFile> files) {
    }

    /**
     * One field of a history entry: its name (labelled by {@code field.<name>}) and its value, as text or, for a
     * value with a label of its own (an enum's, yes or no), by that label's message key.
     */
    record Detail(String field, String text, String label) {
    }

    List<Step> of(List<Map<String, Object>> history) {
        return history.stream().map(this::step).toList();
    }

    private Step step(Map<String, Object> entry) {
        Map<String, Object> details = new LinkedHashMap<>(entry);
        details.remove("sequence");
        String type = String.valueOf(details.remove("type"));
        Object at = details.remove("occurredAt");
        Object actor = details.remove("actor");
        Map<?, ?> who = actor instanceof Map<?, ?> map ? map : Map.of();
        List<EvidenceFile> files = files(details.remove("evidenceFiles"));
        details.values().removeIf(value -> value == null || value instanceof List<?> list && list.isEmpty());
        if (details.containsKey("levelLabel")) {
            // The office's own name of the level says what its code does.
            details.remove("level");
        }
        return new Step(at instanceof Instant instant ? MINUTES.format(instant.atZone(zone.zone())) : String.valueOf(at),
                type, text(who.get("user")), text(who.get("role")), text(who.get("department")),
                details.entrySet().stream().map(e -> detail(e.getKey(), e.getValue())).toList(), files);
    }

    private Detail detail(String field, Object value) {
        Instant instant = instant(value);
        if (instant != null) {
            // a time an event names (a complaint's receivedAt), in the office's zone as the step's own time
            return new Detail(field, minutes(instant), null);
        }
        String prefix = Labels.HISTORY_FIELDS.get(field);
        if (prefix != null) {
            return new Detail(field, text(value), prefix + "." + value);
        }
        if (value instanceof Boolean yes) {
            return new Detail(field, text(value), "value." + yes);
        }
        if (value instanceof Map<?, ?> parts) {
            // A complainant (name, phone), as the history shows it to this reader: masked or not.
            return new Detail(field, joined(parts), null);
        }
        if (value instanceof List<?> items && items.stream().allMatch(Map.class::isInstance)) {
            // Milestones planned, each by its own values: M1 · 一季度 · 2026-03-31.
            return new Detail(field, String.join("; ", items.stream().map(item -> joined((Map<?, ?>) item)).toList()),
                    null);
        }
        return new Detail(field, text(value), null);
    }

    /** The value as an instant, if it is one: the history holds an event's times as ISO strings, as the API shows them. */
    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof String text && ISO_INSTANT.matcher(text).matches()) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notOne) {
                return null;
            }
        }
        return null;
    }

    private static String joined(Map<?, ?> parts) {
        return String.join(" · ", parts.values().stream().filter(v -> v != null).map(Object::toString).toList());
    }

    /** A closure request's files as its history entry records them ({@code [{fileId, name, size, sha256}]}). */
    private static List<EvidenceFile> files(Object recorded) {
        if (!(recorded instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(Map.class::cast).map(file -> new EvidenceFile(text(file.get("fileId")),
                text(file.get("name")), ((Number) file.get("size")).longValue(), text(file.get("sha256")))).toList();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** An instant as the pages show it, in the office's zone. */
    public String minutes(Instant instant) {
        return instant == null ? null : MINUTES.format(instant.atZone(zone.zone()));
    }

    /** A file's size as people read it: bytes below a kilobyte, then KB and MB to one decimal (none if whole). */
    public String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double kilobytes = bytes / 1024.0;
        return kilobytes < 1024 ? oneDecimal(kilobytes) + " KB" : oneDecimal(kilobytes / 1024) + " MB";
    }

    private static String oneDecimal(double value) {
        String text = String.format(Locale.ROOT, "%.1f", value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }
}
