package dev.closeout.projections.alert;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What alert consumers (dispatch desk, SMS/IM gateways, boards) receive: an item turned yellow,
 * went overdue, or was escalated; or a cadence report is ready. Never carries a complainant's personal data.
 *
 * @param sequence    position in the feed, dense and increasing: the consumer's cursor
 * @param alertId     stable identity (the identifier of the event that raised it): the same
 *                    alert is never raised twice, and webhook deliveries reuse it as their id
 * @param type        what happened
 * @param reason      why, in a short code (e.g. {@code DUE_SOON}, {@code OVERDUE},
 *                    {@code NOT_ACCEPTED_IN_TIME}, {@code MANUAL}, {@code AUTOMATIC})
 * @param subjectType {@code TASK}, {@code COMPLAINT} or {@code REPORT}
 * @param subjectId   the task's, complaint's or report's id
 * @param ledger      the task's or report's ledger; {@code null} for complaints
 * @param department  the lead department of a task, the assigned department of a complaint; none for a report
 * @param colour      {@code YELLOW} or {@code RED} by the alert's type and reason (none for a manual escalation or a
 *                    report), not the item's colour as its view judges it
 * @param level       the escalation level code, when escalated
 * @param report      what a report announcement says of the report; {@code null} for every other alert
 * @param title       the task's title, or the complaint's subject with the complainant masked in it, so that a gateway
 *                    can word a message without reading the item (an alert consumer may not); {@code null} for a
 *                    report, and for alerts raised before alerts carried it
 * @param levelLabel  the escalation level's name on the office's ladder (督办), when escalated
 * @param path        the item's page on this server ({@code /tasks/{id}}, {@code /complaints/{id}}), for a link
 */
public record Alert(long sequence, String alertId, AlertType type, String reason, String subjectType,
                   String subjectId, String ledger, String department, String colour, String level,
                   LocalDate dueDate, Instant raisedAt, Report report, String title, String levelLabel, String path) {

    /**
     * A report ready to read ({@link AlertType#REPORT}).
     *
     * @param kind        {@code WEEKLY} 周跟进, {@code MONTHLY} 月调度 or {@code QUARTERLY} 季总结
     * @param period      {@code 2026-W11}, {@code 2026-03}, {@code 2026-Q1}
     * @param contentHash the SHA-256 (hex) of the report's content, as {@code GET /api/reports/{id}} shows it
     * @param revision    0, or how many times a late correction replaced the period's content
     * @param xlsx        the workbook's path on this server
     * @param pdf         the PDF's path on this server
     */
    public record Report(String kind, String period, String contentHash, long revision, String xlsx, String pdf) {
    }

    public enum AlertType {
        /** 黄牌: due soon or lagging. */
        WARNING,
        /** 红牌: past its time limit. */
        OVERDUE,
        /** 催办/督办/调度: raised on the escalation ladder, by hand or automatically. */
        ESCALATED,
        /** 报告: a cadence report (周跟进 · 月调度 · 季总结) was generated and is ready to download. */
        REPORT
    }
}
