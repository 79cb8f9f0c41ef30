package dev.closeout.application.ledger;

import dev.closeout.application.task.TaskResponse;
import dev.closeout.projections.task.TaskView;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A ledger as RFC 4180 CSV, the columns headed in Chinese and English. Cells that a spreadsheet
 * would run as a formula (starting with {@code = + - @}, a tab or a carriage return) are prefixed with
 * an apostrophe: titles and notes come from users.
 */
final class LedgerCsv {

    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final List<String> HEADER = List.of(
            "事项编号 Task id", "台账 Ledger", "事项 Title", "责任单位 Lead department", "配合单位 Supporting departments",
            "责任领导 Responsible leader", "来源 Source", "状态 Status", "颜色 Colour", "期限 Due date",
            "原期限 Original due date", "进度 Percent complete", "最新进展 Latest progress", "调度级别 Escalation",
            "登记时间 Registered at", "销号时间 Closed at", "按期销号 Closed on time", "曾逾期 Ever overdue");

    private final Writer out;
    private final DateTimeFormatter time;

    /** Times are written in {@code zone}, the ledger's own. */
    LedgerCsv(Writer out, ZoneId zone) {
        this.out = out;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
    }

    void header() throws IOException {
        out.write(BYTE_ORDER_MARK);
        line(HEADER);
    }

    void row(TaskResponse response) throws IOException {
        TaskView t = response.task();
        List<String> cells = new ArrayList<>();
        cells.add(t.taskId());
        cells.add(t.ledger());
        cells.add(t.title());
        cells.add(t.leadDepartment());
        cells.add(t.supportingDepartments() == null ? "" : String.join("、", t.supportingDepartments()));
        cells.add(t.responsibleLeader());
        cells.add(t.source() == null ? "" : t.source().name());
        cells.add(t.status().name());
        cells.add(response.colour() == null ? "" : response.colour().name());
        cells.add(String.valueOf(t.dueDate()));
        cells.add(t.originalDueDate() == null ? "" : t.originalDueDate().toString());
        cells.add(t.latestProgress() == null ? "" : String.valueOf(t.latestProgress().percentComplete()));
        cells.add(t.latestProgress() == null ? "" : t.latestProgress().note());
        cells.add(t.escalation() == null ? "" : t.escalation().label());
        cells.add(time(t.registeredAt()));
        cells.add(time(t.closedAt()));
        cells.add(t.closedOnTime() == null ? "" : t.closedOnTime() ? "是 yes" : "否 no");
        cells.add(t.everOverdue() ? "是 yes" : "否 no");
        line(cells);
    }

    private String time(Instant at) {
        return at == null ? "" : time.format(at);
    }

    private void line(List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
