package dev.closeout.application.workspace;

import dev.closeout.projections.support.OfficeZone;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An item's history (the API's, read from the event store) as the timeline of its page: when, who,
 * in which role and department, what happened, and the event's own fields (reasons, notes, evidence,
 * dates) beside it.
 */
@Component
public class Timeline {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final OfficeZone zone;

    Timeline(OfficeZone zone) {
        this.zone = zone;
    }

    record Step(String when, String type, String user, String role, String department, Map<String, Object> details) {
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
        details.values().removeIf(value -> value == null || value instanceof List<?> list && list.isEmpty());
        return new Step(at instanceof Instant instant ? MINUTES.format(instant.atZone(zone.zone())) : String.valueOf(at),
                type, text(who.get("user")), text(who.get("role")), text(who.get("department")), details);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** An instant as the pages show it, in the office's zone. */
    public String minutes(Instant instant) {
        return instant == null ? null : MINUTES.format(instant.atZone(zone.zone()));
    }
}
