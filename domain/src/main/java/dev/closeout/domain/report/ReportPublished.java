package dev.closeout.domain.report;

import dev.closeout.domain.common.Actor;

/**
 * A cadence report (周跟进 · 月调度 · 季总结) was stored with this content and is ready to read: the alert feed
 * announces it, and through the feed every webhook subscriber. A fact, like every event: it does no
 * validation, so it can always be read back.
 * <p>
 * Each report is a stream of its own in the event store (type {@value #STREAM_TYPE}, identifier
 * {@code report:<reportId>}), one event per content it was stored with: generating a period again with the
 * same content appends nothing, and two generations of one content at once cannot both be stored, so a
 * content is announced once. A late correction that changes a past period's content is a new revision,
 * announced again.
 *
 * @param kind        {@code WEEKLY}, {@code MONTHLY} or {@code QUARTERLY}
 * @param period      the period's label: {@code 2026-W11}, {@code 2026-03}, {@code 2026-Q1}
 * @param contentHash the SHA-256 (hex) of the content's canonical JSON
 * @param revision    0 for the first content stored under the report's id, one more for each that replaced it
 * @param by          who generated it: a supervisor, or the engine on the calendar
 */
public record ReportPublished(String reportId, String ledger, String kind, String period, String contentHash,
                              long revision, Actor by) {

    /** The aggregate type its streams are stored under. */
    public static final String STREAM_TYPE = "Report";

    /** The identifier of a report's stream. */
    public static String stream(String reportId) {
        return "report:" + reportId;
    }
}
