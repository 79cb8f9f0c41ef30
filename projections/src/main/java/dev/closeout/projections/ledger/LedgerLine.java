package dev.closeout.projections.ledger;

import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.ItemTimeline;
import org.bson.Document;

import java.time.LocalDate;

/**
 * One task's line in its department's ledger document: what the counts and the colour board need
 * and nothing more.
 *
 * @param seq            sequence number of the last event reflected
 * @param closedOnTime   for a closed task, whether it was closed on or before its due date
 * @param registeredOn   the day it was registered, in the ledger's zone
 * @param lastProgressOn the day of its latest progress report; {@code null} before any
 * @param percent        the latest percent complete; {@code null} before any report
 * @param everOverdue    whether it was ever recorded overdue: closed after that, it was closed late
 * @param extensionPending whether an extension request waits on a supervisor's decision (the supervisor
 *                       desk lists them from the lines, not from every task's view)
 */
record LedgerLine(long seq, TaskStatus status, LocalDate dueDate, Boolean closedOnTime, LocalDate registeredOn,
                  LocalDate lastProgressOn, Integer percent, boolean everOverdue, boolean extensionPending) {

    LedgerLine withStatus(TaskStatus next) {
        return new LedgerLine(seq, next, dueDate, closedOnTime, registeredOn, lastProgressOn, percent, everOverdue,
                extensionPending);
    }

    /** An extension asked for ({@code true}), or decided or lapsed ({@code false}). */
    LedgerLine withExtensionPending(boolean pending) {
        return new LedgerLine(seq, status, dueDate, closedOnTime, registeredOn, lastProgressOn, percent, everOverdue,
                pending);
    }

    LedgerLine withDueDate(LocalDate next) {
        return new LedgerLine(seq, status, next, closedOnTime, registeredOn, lastProgressOn, percent, everOverdue,
                extensionPending);
    }

    LedgerLine progressReported(LocalDate on, int percentComplete) {
        return new LedgerLine(seq, TaskStatus.IN_PROGRESS, dueDate, closedOnTime, registeredOn, on, percentComplete,
                everOverdue, extensionPending);
    }

    LedgerLine wentOverdue() {
        return new LedgerLine(seq, status, dueDate, closedOnTime, registeredOn, lastProgressOn, percent, true,
                extensionPending);
    }

    LedgerLine closed(boolean onTime) {
        return new LedgerLine(seq, TaskStatus.CLOSED, dueDate, onTime, registeredOn, lastProgressOn, percent,
                everOverdue, false);
    }

    LedgerLine reopened() {
        return new LedgerLine(seq, TaskStatus.IN_PROGRESS, dueDate, null, registeredOn, lastProgressOn, percent,
                everOverdue, extensionPending);
    }

    ItemTimeline timeline() {
        return new ItemTimeline(registeredOn, dueDate, lastProgressOn, percent, status.isOpen());
    }

    Document toDocument() {
        Document d = new Document("seq", seq).append("status", status.name()).append("due", dueDate.toString())
                .append("reg", registeredOn.toString());
        if (closedOnTime != null) {
            d.append("onTime", closedOnTime);
        }
        if (lastProgressOn != null) {
            d.append("prog", lastProgressOn.toString()).append("pct", percent);
        }
        if (everOverdue) {
            d.append("red", true);
        }
        if (extensionPending) {
            d.append("ext", true);
        }
        return d;
    }

    /** Lines written before registration days were kept read as registered on their due date, until a rebuild. */
    static LedgerLine fromDocument(Document d) {
        LocalDate due = LocalDate.parse(d.getString("due"));
        String reg = d.getString("reg");
        String prog = d.getString("prog");
        return new LedgerLine(((Number) d.get("seq")).longValue(), TaskStatus.valueOf(d.getString("status")), due,
                d.getBoolean("onTime"), reg == null ? due : LocalDate.parse(reg),
                prog == null ? null : LocalDate.parse(prog), d.getInteger("pct"), d.getBoolean("red", false),
                d.getBoolean("ext", false));
    }
}
