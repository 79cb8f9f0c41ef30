package dev.closeout.projections.alert;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What alert consumers (dispatch desk, SMS/IM gateways, boards) receive: an item turned yellow,
 * went overdue, or was escalated. Never carries a complainant's personal data.
 *
 * @param sequence    position in the feed, dense and increasing: the consumer's cursor
 * @param alertId     stable identity (the identifier of the event that raised it): the same
 *                    alert is never raised twice, and webhook deliveries reuse it as their id
 * @param type        what happened
 * @param reason      why, in a short code (e.g. {@code DUE_SOON}, {@code OVERDUE},
 *                    {@code NOT_ACCEPTED_IN_TIME}, {@code MANUAL}, {@code AUTOMATIC})
 * @param subjectType {@code TASK} or {@code COMPLAINT}
 * @param ledger      the task's ledger; {@code null} for complaints
 * @param department  the lead department of a task, the assigned department of a complaint
 * @param colour      {@code BLUE}, {@code YELLOW} or {@code RED} after this alert
 * @param level       the escalation level code, when escalated
 */
public record Alert(long sequence, String alertId, AlertType type, String reason, String subjectType,
                   String subjectId, String ledger, String department, String colour, String level,
                   LocalDate dueDate, Instant raisedAt) {

    public enum AlertType {
        /** 黄牌: due soon or lagging. */
        WARNING,
        /** 红牌: past its time limit. */
        OVERDUE,
        /** 催办/督办/调度: raised on the escalation ladder, by hand or automatically. */
        ESCALATED
    }
}
