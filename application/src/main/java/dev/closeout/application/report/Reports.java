package dev.closeout.application.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.closeout.application.infrastructure.readmodel.ReadModelRebuilds;
import dev.closeout.application.infrastructure.report.ReportDocuments;
import dev.closeout.application.web.NotFoundException;
import dev.closeout.application.web.RetryLater;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.time.WorkingCalendar;
import dev.closeout.projections.complaint.ComplaintLedgerProjection;
import dev.closeout.projections.ledger.LedgerProjection;
import dev.closeout.projections.ledger.LedgerQueries;
import dev.closeout.projections.ledger.LedgerSummary;
import dev.closeout.projections.support.OfficeZone;
import dev.closeout.projections.task.TaskViewProjection;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The cadence reports of a ledger: generated on demand for a period that has ended, stored once per
 * ledger, kind and period (the id is derived from the three), listed and read back. A period still
 * running is refused: its figures would change by the hour, and the same period must always give the
 * same document.
 */
@Service
public class Reports {

    /**
     * The read models a report is built from: the ledger's lines as of a day, the task views' titles and escalations,
     * the complaint ledger's figures (the quarterly summary's).
     */
    static final Set<String> READ_FROM = Set.of(LedgerProjection.PROCESSING_GROUP, TaskViewProjection.PROCESSING_GROUP,
            ComplaintLedgerProjection.PROCESSING_GROUP);

    /** The content's canonical JSON: this mapper's own settings, whatever the web layer's are. */
    private static final ObjectMapper CANONICAL = new ObjectMapper();

    private final ReportBuilder builder;
    private final ReportDocuments store;
    private final LedgerQueries ledgers;
    private final OfficeZone zone;
    private final Clock clock;
    private final WorkingCalendar calendar;
    private final ReportProperties properties;
    private final ReportAnnouncements announcements;
    private final ReadModelRebuilds rebuilds;

    Reports(ReportBuilder builder, ReportDocuments store, LedgerQueries ledgers, OfficeZone zone, Clock clock,
            WorkingCalendar calendar, ReportProperties properties, ReportAnnouncements announcements,
            ReadModelRebuilds rebuilds) {
        this.rebuilds = rebuilds;
        this.announcements = announcements;
        this.calendar = calendar;
        this.properties = properties;
        this.builder = builder;
        this.store = store;
        this.ledgers = ledgers;
        this.zone = zone;
        this.clock = clock;
    }

    /** A generated report; {@code content} is left out of listings. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(String id, String ledger, ReportKind kind, String period, java.time.Instant generatedAt,
                         String contentHash, ReportContent content) {
    }

    /**
     * Generates the report of {@code ledger} for {@code period}, by default the last one ended, and announces it
     * to alert consumers once per content ({@link ReportAnnouncements}).
     */
    public Report generate(Actor by, String ledger, String kind, String period) {
        if (ledger == null || ledger.isBlank()) {
            throw new InvalidValueException("ledger", "is required");
        }
        ReportKind reportKind = kind(kind, true);
        LocalDate today = zone.today(clock);
        ReportPeriod covered = period == null || period.isBlank() ? ReportPeriod.lastEnded(reportKind, today)
                : ReportPeriod.parse(reportKind, period.trim());
        if (!covered.endedBy(today)) {
            throw new InvalidValueException("period", covered.label() + " ends on " + covered.to()
                    + ": a report is made once its period is over, from the ledger as it stood at its end");
        }
        refuseWhileRebuilt();
        // one read of the ledger as of the period's end answers both: whether it exists, and had tasks by then
        LedgerSummary atEnd = ledgers.summary(ledger, covered.to()).orElseThrow(() -> new InvalidValueException(
                "ledger", "no task was ever registered on ledger '" + ledger + "'"));
        if (atEnd.registered() == 0) {
            throw new InvalidValueException("period", "ledger '" + ledger + "' had no task yet at the end of "
                    + covered.label() + " (" + covered.to() + "): there is nothing to report");
        }
        ReportContent content = builder.build(ledger, covered);
        String json = json(content);
        ReportDocuments.Stored kept = store.keep(new ReportDocuments.Stored(id(ledger, reportKind, covered.label()),
                ledger, reportKind.name(), covered.label(), clock.instant(), sha256(json), json, 0));
        announcements.announce(kept, by);
        return report(kept, true);
    }

    /**
     * A report built while its read models are being rebuilt would hold the items replayed so far, and be stored,
     * announced and kept as the period's report: refused, 503 with {@code Retry-After}, and made by the schedule's
     * next check.
     */
    private void refuseWhileRebuilt() {
        List<String> rebuilding = rebuilds.inProgress().stream().filter(READ_FROM::contains).toList();
        if (!rebuilding.isEmpty()) {
            ErrorResponseException refused = RetryLater.refusal(HttpStatus.SERVICE_UNAVAILABLE, "The read models "
                    + rebuilding + " a report is made from are being rebuilt: generate it once they are done",
                    Duration.ofSeconds(30));
            refused.getBody().setProperty("rebuilding", rebuilding);
            throw refused;
        }
    }

    /** Whether a task had been registered on {@code ledger} by the end of {@code period}. */
    private boolean existedBy(String ledger, ReportPeriod period) {
        return ledgers.summary(ledger, period.to()).filter(figures -> figures.registered() > 0).isPresent();
    }

    /**
     * The scheduled reports of {@code ledgerNames} due today and not yet made: on a working day, for each kind,
     * the last ended period's once today is at least its configured working day of the new period
     * ({@link ReportProperties.Schedule}), so a day the application was down is made up the next check. A ledger
     * opened after the period is passed over; a report stored but not announced (the process stopped between
     * the two) is announced.
     */
    public List<Report> generateDue(List<String> ledgerNames) {
        LocalDate today = zone.today(clock);
        List<Report> made = new java.util.ArrayList<>();
        if (!calendar.isWorkingDay(today) || rebuilds.inProgress().stream().anyMatch(READ_FROM::contains)) {
            // a rebuild's reports are made by the next check, once it is done
            return made;
        }
        for (ReportKind kind : ReportKind.values()) {
            int workingDay = properties.schedule().workingDay(kind);
            ReportPeriod last = ReportPeriod.lastEnded(kind, today);
            if (workingDay == 0 || calendar.workingDaysBetween(last.to(), today) < workingDay) {
                continue;
            }
            for (String ledger : ledgerNames) {
                Optional<ReportDocuments.Stored> stored = store.find(id(ledger, kind, last.label()));
                if (stored.isEmpty() && existedBy(ledger, last)) {
                    made.add(generate(Actor.SYSTEM, ledger, kind.name(), last.label()));
                } else if (stored.isPresent() && !announcements.announced(stored.get())) {
                    announcements.announce(stored.get(), Actor.SYSTEM);
                }
            }
        }
        return made;
    }

    public List<Report> list(String ledger, String kind) {
        ReportKind reportKind = kind(kind, false);
        return store.list(ledger == null || ledger.isBlank() ? null : ledger,
                reportKind == null ? null : reportKind.name()).stream().map(s -> report(s, false)).toList();
    }

    public Report find(String id) {
        return store.find(id).map(s -> report(s, true))
                .orElseThrow(() -> new NotFoundException("no report " + id));
    }

    private static ReportKind kind(String kind, boolean required) {
        if (kind == null || kind.isBlank()) {
            if (required) {
                throw new InvalidValueException("kind", "is required: WEEKLY, MONTHLY or QUARTERLY");
            }
            return null;
        }
        try {
            return ReportKind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("kind", "must be WEEKLY, MONTHLY or QUARTERLY, not '" + kind + "'");
        }
    }

    private static Report report(ReportDocuments.Stored stored, boolean withContent) {
        ReportContent content = null;
        if (withContent) {
            try {
                content = CANONICAL.readValue(stored.content(), ReportContent.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("report " + stored.id() + " holds unreadable content", e);
            }
        }
        return new Report(stored.id(), stored.ledger(), ReportKind.valueOf(stored.kind()), stored.period(),
                stored.generatedAt(), stored.contentHash(), content);
    }

    private static String json(ReportContent content) {
        try {
            return CANONICAL.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One id per ledger, kind and period, whatever characters the ledger's name holds. */
    private static String id(String ledger, ReportKind kind, String period) {
        return sha256(ledger + "\n" + kind + "\n" + period).substring(0, 32);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
