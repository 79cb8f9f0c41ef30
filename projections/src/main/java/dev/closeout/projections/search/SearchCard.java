package dev.closeout.projections.search;

import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;

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
 */
public record SearchCard(String type, String id, String title, String ledger, String department, String status,
                         LocalDate dueDate, Instant since, Instant progressAt, Integer percent, long seq) {

    public static final String TASK = "TASK";
    public static final String COMPLAINT = "COMPLAINT";

    /** The key of an item in the read model: its type and id. */
    public String key() {
        return keyOf(type, id);
    }

    static String keyOf(String type, String id) {
        return type + ":" + id;
    }

    SearchCard withStatus(String next) {
        return new SearchCard(type, id, title, ledger, department, next, dueDate, since, progressAt, percent, seq);
    }

    SearchCard withDueDate(LocalDate next) {
        return new SearchCard(type, id, title, ledger, department, status, next, since, progressAt, percent, seq);
    }

    SearchCard assigned(String toDepartment, LocalDate due, String next) {
        return new SearchCard(type, id, title, ledger, toDepartment, next, due, since, progressAt, percent, seq);
    }

    SearchCard progressReported(String next, Instant at, int percentComplete) {
        return new SearchCard(type, id, title, ledger, department, next, dueDate, since, at, percentComplete, seq);
    }

    Document toDocument() {
        return new Document("type", type).append("id", id).append("title", title).append("ledger", ledger)
                .append("department", department).append("status", status)
                .append("dueDate", dueDate == null ? null : dueDate.toString())
                .append("since", Date.from(since))
                .append("progressAt", progressAt == null ? null : Date.from(progressAt))
                .append("percent", percent).append("seq", seq);
    }

    static SearchCard fromDocument(Document d) {
        String due = d.getString("dueDate");
        Date progressAt = d.getDate("progressAt");
        return new SearchCard(d.getString("type"), d.getString("id"), d.getString("title"), d.getString("ledger"),
                d.getString("department"), d.getString("status"), due == null ? null : LocalDate.parse(due),
                d.getDate("since").toInstant(), progressAt == null ? null : progressAt.toInstant(),
                d.getInteger("percent"), ((Number) d.get("seq")).longValue());
    }
}
