package dev.closeout.projections.ledger;

import dev.closeout.domain.task.TaskStatus;
import org.bson.Document;

import java.time.LocalDate;

/**
 * One task's line in its department's ledger document: what the counts need and nothing more.
 *
 * @param seq          sequence number of the last event reflected
 * @param closedOnTime for a closed task, whether it was closed on or before its due date
 */
record LedgerLine(long seq, TaskStatus status, LocalDate dueDate, Boolean closedOnTime) {

    LedgerLine withStatus(TaskStatus next) {
        return new LedgerLine(seq, next, dueDate, closedOnTime);
    }

    LedgerLine withDueDate(LocalDate next) {
        return new LedgerLine(seq, status, next, closedOnTime);
    }

    LedgerLine closed(boolean onTime) {
        return new LedgerLine(seq, TaskStatus.CLOSED, dueDate, onTime);
    }

    LedgerLine reopened() {
        return new LedgerLine(seq, TaskStatus.IN_PROGRESS, dueDate, null);
    }

    LedgerLine atSeq(long next) {
        return new LedgerLine(next, status, dueDate, closedOnTime);
    }

    Document toDocument() {
        Document d = new Document("seq", seq).append("status", status.name()).append("due", dueDate.toString());
        if (closedOnTime != null) {
            d.append("onTime", closedOnTime);
        }
        return d;
    }

    static LedgerLine fromDocument(Document d) {
        return new LedgerLine(((Number) d.get("seq")).longValue(), TaskStatus.valueOf(d.getString("status")),
                LocalDate.parse(d.getString("due")), d.getBoolean("onTime"));
    }
}
