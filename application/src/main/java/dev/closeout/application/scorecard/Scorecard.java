package dev.closeout.application.scorecard;

import dev.closeout.projections.complaint.ComplaintLedgerReport;
import dev.closeout.projections.ledger.DepartmentDeadlines;

import java.time.LocalDate;
import java.util.List;

/**
 * The quarterly evaluation (季度考评) of a period: per category, its departments ranked by score.
 *
 * @param from    first day of the period
 * @param to      last day of the period
 * @param asOf    the day the figures are judged on: {@code to} once the period has ended, today while it runs
 * @param ledgers the task ledgers evaluated; empty for all
 * @param weights the weights the scores were computed with
 */
public record Scorecard(LocalDate from, LocalDate to, LocalDate asOf, List<String> ledgers,
                        ScorecardProperties.Weights weights,
                        List<CategoryRanking> categories) {

    public record CategoryRanking(String category, List<DepartmentScore> departments) {
    }

    /**
     * One department's line: its rank in its category (equal scores share a rank), its score
     * (0–100, {@code null} with no figures to judge), and the figures behind it.
     *
     * @param tasks      deadlines of tasks it leads, due in the period
     * @param complaints complaints received in the period and assigned to it on {@code asOf}
     */
    public record DepartmentScore(int rank, String department, Double score, DepartmentDeadlines tasks,
                                  ComplaintLedgerReport.Figures complaints) {
    }
}
