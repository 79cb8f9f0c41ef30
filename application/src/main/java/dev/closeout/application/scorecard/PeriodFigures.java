package dev.closeout.application.scorecard;

import dev.closeout.projections.complaint.ComplaintLedgerReport;
import dev.closeout.projections.ledger.DepartmentDeadlines;

import java.time.LocalDate;
import java.util.List;

/**
 * What departments are judged by for a period (季度考评), as both the scorecard and the quarterly report (季总结)
 * show it: one routine computes it ({@link ScorecardService#figures}), so the two cannot disagree.
 *
 * @param asOf        the day the figures are judged on: the period's last day once it has ended, today while it runs
 * @param departments by department, sorted
 */
public record PeriodFigures(LocalDate asOf, List<Department> departments) {

    /**
     * @param tasks      the deadlines of the tasks it leads due in the period; zeros when it leads none
     * @param complaints the complaints received in the period and assigned to it on {@code asOf}; {@code null} for none
     */
    public record Department(String department, DepartmentDeadlines tasks, ComplaintLedgerReport.Figures complaints) {
    }
}
