package dev.closeout.application.audit;

import dev.closeout.domain.audit.ComplainantDataRead;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.complaint.ComplaintEvent;
import dev.closeout.domain.task.TaskEvent;
import dev.closeout.projections.audit.AuditTrail;
import dev.closeout.projections.audit.TrailLine;
import dev.closeout.projections.audit.TrailQuery;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The audit trail across items (审计轨迹, docs/audit.md): {@code GET /api/audit/events} pages through
 * every event of every task and complaint, and every read of a complainant's unmasked data, oldest
 * first, filtered by actor, department, event type and office days, by cursor.
 */
@RestController
@RequestMapping("/api/audit")
public class AuditTrailController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    /** The longest day range: a year. */
    static final int MAX_DAYS = 366;
    /** The event types a filter may name. */
    static final Set<String> TYPES = types();

    private final AuditTrail trail;

    public AuditTrailController(AuditTrail trail) {
        this.trail = trail;
    }

    /** A page: {@code next} is the cursor to pass as {@code after}; read on while {@code more}. */
    record Page(List<TrailLine> events, long next, boolean more) {
    }

    @GetMapping("/events")
    Page events(@RequestParam(required = false) String actor, @RequestParam(required = false) String department,
                @RequestParam(required = false) String type,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(defaultValue = "0") long after,
                @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) {
        if (type != null && !TYPES.contains(type)) {
            throw new InvalidValueException("type", "must be one of " + TYPES);
        }
        if (after < 0) {
            throw new InvalidValueException("after", "must not be negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (from != null && to != null) {
            if (to.isBefore(from)) {
                throw new InvalidValueException("to", "must not be before from (" + from + ")");
            }
            if (to.toEpochDay() - from.toEpochDay() >= MAX_DAYS) {
                throw new InvalidValueException("to", "must be within " + MAX_DAYS + " days of from");
            }
        }
        AuditTrail.Page page = trail.page(new TrailQuery(blankless(actor, "actor"), blankless(department, "department"),
                type, from, to, after, limit));
        return new Page(page.events(), page.next(), page.more());
    }

    private static String blankless(String value, String field) {
        if (value != null && value.isBlank()) {
            throw new InvalidValueException(field, "must not be blank when given");
        }
        return value;
    }

    private static Set<String> types() {
        Set<String> types = new TreeSet<>();
        Stream.of(TaskEvent.class, ComplaintEvent.class)
                .flatMap(events -> Arrays.stream(events.getPermittedSubclasses()))
                .forEach(event -> types.add(event.getSimpleName()));
        types.add(ComplainantDataRead.class.getSimpleName());
        return types;
    }
}
