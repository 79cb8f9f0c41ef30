package dev.closeout.projections.search;

import dev.closeout.domain.task.Milestone;
import dev.closeout.domain.task.MilestoneStatus;
import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a search shows of an item and filters it by, and what its colour is judged from at read time
 * (the colour itself is never stored: it changes with the date). The line of one item in
 * {@link SearchProjection#LINES}.
 *
 * @param type       {@code TASK} or {@code COMPLAINT}
 * @param ledger     a task's ledger; {@code null} for a complaint
 * @param department a task's lead department, a complaint's assigned department ({@code null} before assignment)
 * @param since      when a task was registered, when a complaint was received
 * @param progressAt a task's latest progress report; {@code null} before any, and for complaints
 * @param percent    a task's latest percent complete; {@code null} before any report
 * @param seq        the sequence number of the last event reflected
 * @param milestones a task's milestones (推进时序表) by id: each one's due date and standing, for the
 *                   MILESTONE_MISSED colour rule; empty for complaints and tasks without any
 * @param reportBackDue the report-back date (反馈) of a referral still awaited, for the
 *                   REFERRAL_REPORT_BACK_OVERDUE rule; {@code null} when none, reported back or lapsed
 */
public record SearchCard(String type, String id, String title, String ledger, String department, String status,
                         LocalDate dueDate, Instant since, Instant progressAt, Integer percent, long seq,
                         Map<String, Standing> milestones, LocalDate reportBackDue) {

    /** A milestone as the card keeps it, stored as {@code "2026-03-31 PLANNED"} under its id. */
    public record Standing(LocalDate dueDate, MilestoneStatus status) {

        String encoded() {
            return dueDate + " " + status.name();
        }

        static Standing decoded(String text) {
            int space = text.indexOf(' ');
            return new Standing(LocalDate.parse(text.substring(0, space)),
                    MilestoneStatus.valueOf(text.substring(space + 1)));
        }
    }

    public SearchCard {
        milestones = milestones == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(milestones));
    }

    public static final String TASK = "TASK";
    public static final String COMPLAINT = "COMPLAINT";

    /** The key of an item in the read model: its type and id. */
    public String key() {
        return keyOf(type, id);
    }

    static String keyOf(String type, String id) {
        return type + ":" + id;
    }

    /**
     * The earliest due date of the milestones still waiting on the department, for the colour rules;
     * {@code null} when none waits.
     */
    public LocalDate nextMilestoneOn() {
        return milestones.values().stream().filter(m -> m.status().awaitsDepartment()).map(Standing::dueDate)
                .min(LocalDate::compareTo).orElse(null);
    }

    SearchCard withStatus(String next) {
        return new SearchCard(type, id, title, ledger, department, next, dueDate, since, progressAt, percent, seq,
                milestones, reportBackDue);
    }

    SearchCard withDueDate(LocalDate next) {
        return new SearchCard(type, id, title, ledger, department, status, next, since, progressAt, percent, seq,
                milestones, reportBackDue);
    }

    SearchCard assigned(String toDepartment, LocalDate due, String next) {
        return new SearchCard(type, id, title, ledger, toDepartment, next, due, since, progressAt, percent, seq,
                milestones, reportBackDue);
    }

    SearchCard progressReported(String next, Instant at, int percentComplete) {
        return new SearchCard(type, id, title, ledger, department, next, dueDate, since, at, percentComplete, seq,
                milestones, reportBackDue);
    }

    /** Milestones planned, each new one waiting on the department; one already known stays as it is. */
    SearchCard milestonesPlanned(List<Milestone> planned) {
        Map<String, Standing> next = new LinkedHashMap<>(milestones);
        if (planned != null) {
            planned.forEach(m -> next.putIfAbsent(m.milestoneId(), new Standing(m.dueDate(), MilestoneStatus.PLANNED)));
        }
        return withMilestones(next);
    }

    /** The milestone {@code milestoneId} now stands at {@code next}. */
    SearchCard milestone(String milestoneId, MilestoneStatus next) {
        Map<String, Standing> changed = new LinkedHashMap<>(milestones);
        changed.computeIfPresent(milestoneId, (key, m) -> new Standing(m.dueDate(), next));
        return withMilestones(changed);
    }

    private SearchCard withMilestones(Map<String, Standing> next) {
        return new SearchCard(type, id, title, ledger, department, status, dueDate, since, progressAt, percent, seq,
                next, reportBackDue);
    }

    /** The referral's report-back date still awaited; {@code null} once reported back or lapsed. */
    SearchCard awaitingReportBack(LocalDate by) {
        return new SearchCard(type, id, title, ledger, department, status, dueDate, since, progressAt, percent, seq,
                milestones, by);
    }

    Document toDocument() {
        Document d = new Document("type", type).append("id", id).append("title", title).append("ledger", ledger)
                .append("department", department).append("status", status)
                .append("dueDate", dueDate == null ? null : dueDate.toString())
                .append("since", Date.from(since))
                .append("progressAt", progressAt == null ? null : Date.from(progressAt))
                .append("percent", percent).append("seq", seq);
        if (!milestones.isEmpty()) {
            Document ms = new Document();
            milestones.forEach((milestoneId, m) -> ms.append(milestoneId, m.encoded()));
            d.append("ms", ms);
        }
        if (reportBackDue != null) {
            d.append("rb", reportBackDue.toString());
        }
        return d;
    }

    static SearchCard fromDocument(Document d) {
        String due = d.getString("dueDate");
        Date progressAt = d.getDate("progressAt");
        String reportBack = d.getString("rb");
        Map<String, Standing> milestones = new LinkedHashMap<>();
        Document ms = d.get("ms", Document.class);
        if (ms != null) {
            ms.forEach((milestoneId, text) -> milestones.put(milestoneId, Standing.decoded((String) text)));
        }
        return new SearchCard(d.getString("type"), d.getString("id"), d.getString("title"), d.getString("ledger"),
                d.getString("department"), d.getString("status"), due == null ? null : LocalDate.parse(due),
                d.getDate("since").toInstant(), progressAt == null ? null : progressAt.toInstant(),
                d.getInteger("percent"), ((Number) d.get("seq")).longValue(), milestones,
                reportBack == null ? null : LocalDate.parse(reportBack));
    }
}
