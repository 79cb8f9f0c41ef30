package dev.closeout.application.spreadsheet;

import dev.closeout.application.scorecard.Scorecard;
import dev.closeout.projections.complaint.ComplaintLedgerReport;
import dev.closeout.projections.ledger.DepartmentDeadlines;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * A quarterly evaluation (季度考评) as an .xlsx workbook: every department's rank, score and figures
 * on the first sheet, category by category as the API ranks them; the period, ledgers and weights
 * it was computed with on the second.
 */
final class ScorecardWorkbook {

    static final String RANKING = "考评 Scorecard";
    static final String PERIOD = "说明 Period";
    static final List<String> HEADER = List.of("类别 Category", "名次 Rank", "单位 Department", "得分 Score",
            "任务登记 Tasks registered", "到期 Due", "计入 Reckoned", "按期办结 Closed on time", "逾期办结 Closed late",
            "逾期未结 Open past due", "按期办结率 On-time rate", "信访受理 Complaints received", "办结 Closed",
            "答复 Replied", "应答复 Reply due", "在办 Open", "逾期 Overdue", "回访 Rated", "重办 Reopened",
            "办结率 Closure rate",
            "响应率 Response rate", "满意率 Satisfaction rate");
    private static final int[] WIDTHS = {16, 8, 24, 10, 12};

    private ScorecardWorkbook() {
    }

    static void write(OutputStream out, Scorecard scorecard) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook()) {
            workbook.setCompressTempFiles(true);
            WorkbookStyle style = new WorkbookStyle(workbook);
            Sheet ranking = workbook.createSheet(RANKING);
            style.header(ranking, HEADER, WIDTHS);
            int next = 1;
            for (Scorecard.CategoryRanking category : scorecard.categories()) {
                for (Scorecard.DepartmentScore department : category.departments()) {
                    line(ranking.createRow(next++), style, category.category(), department);
                }
            }
            period(workbook.createSheet(PERIOD), style, scorecard);
            workbook.write(out);
        }
    }

    private static void line(Row row, WorkbookStyle style, String category, Scorecard.DepartmentScore score) {
        style.set(row, 0, category);
        style.set(row, 1, score.rank());
        style.set(row, 2, score.department());
        style.set(row, 3, score.score());
        DepartmentDeadlines tasks = score.tasks();
        int column = 4;
        if (tasks != null) {
            for (long count : new long[]{tasks.registered(), tasks.due(), tasks.reckoned(), tasks.closedOnTime(),
                    tasks.closedLate(), tasks.openPastDue()}) {
                style.set(row, column++, count);
            }
            style.rate(row, column, tasks.onTimeRate());
        }
        column = 11;
        ComplaintLedgerReport.Figures complaints = score.complaints();
        if (complaints != null) {
            // 响应率 = replied ÷ reply due (replied, or past its time limit): both shown, so the rate can be checked
            for (long count : new long[]{complaints.received(), complaints.closed(), complaints.replied(),
                    complaints.responseDue(), complaints.open(), complaints.overdue(), complaints.rated(),
                    complaints.reopened()}) {
                style.set(row, column++, count);
            }
            style.rate(row, column++, complaints.closureRate());
            style.rate(row, column++, complaints.responseRate());
            style.rate(row, column, complaints.satisfactionRate());
        }
    }

    private static void period(Sheet sheet, WorkbookStyle style, Scorecard scorecard) {
        style.header(sheet, List.of("项目 Item", "值 Value"), 30, 40);
        Object[][] lines = {
                {"起 From", scorecard.from()},
                {"止 To", scorecard.to()},
                {"评定日 Judged as of", scorecard.asOf()},
                {"台账 Ledgers", scorecard.ledgers().isEmpty() ? "全部 All" : String.join("、", scorecard.ledgers())},
                {"按期办结率权重 On-time weight", scorecard.weights().onTime()},
                {"响应率权重 Response weight", scorecard.weights().response()},
                {"满意率权重 Satisfaction weight", scorecard.weights().satisfaction()}};
        for (int i = 0; i < lines.length; i++) {
            Row row = sheet.createRow(i + 1);
            style.set(row, 0, lines[i][0]);
            style.set(row, 1, lines[i][1]);
        }
    }
}
