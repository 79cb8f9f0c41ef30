package dev.closeout.application.spreadsheet;

import dev.closeout.application.ledger.LedgerColumns;
import dev.closeout.application.task.TaskResponse;
import dev.closeout.domain.time.Colour;
import dev.closeout.projections.ledger.LedgerSummary;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A ledger as an .xlsx workbook: its tasks on the first sheet, in the CSV's columns, the colour
 * cell filled red, yellow or blue; its figures on the second: overall and per lead department, then per
 * responsible leader (包抓领导) and per category (类别), each table headed in a row of its own.
 * Written with POI's streaming workbook, which keeps a window of rows in memory and the rest in a
 * temporary file, so a ledger of tens of thousands of tasks fits.
 */
final class LedgerWorkbook {

    static final String ENTRIES = "台账 Entries";
    static final String FIGURES = "统计 Figures";
    static final List<String> FIGURE_HEADER = List.of("单位 Department", "登记 Registered", "撤销 Withdrawn",
            "销号 Closed", "在办 Open", "逾期 Overdue", "办结率 Closure rate", "按期办结率 On-time rate", "红 Red",
            "黄 Yellow", "蓝 Blue", "逾期销号 Closed late");
    static final String ALL = "合计 All";
    static final String BY_LEADER = "包抓领导 Responsible leader";
    static final String BY_CATEGORY = "类别 Category";
    /** The group of tasks that name no leader, or no category. */
    static final String NONE_NAMED = "未指定 None named";
    private static final int WINDOW = 200;
    private static final int[] ENTRY_WIDTHS = {38, 24, 40, 18, 24, 12, 24, 12, 9, 12, 12, 10, 40, 14, 17, 17, 10, 10, 12, 10, 10, 24, 14};
    private static final List<Colour> BOARD = List.of(Colour.RED, Colour.YELLOW, Colour.BLUE);

    private LedgerWorkbook() {
    }

    /**
     * Writes the workbook to {@code out}; {@code tasks} hands each page of the ledger's tasks, in
     * order, to the consumer it is given.
     */
    static void write(OutputStream out, LedgerSummary summary, ZoneId zone,
                      Consumer<Consumer<List<TaskResponse>>> tasks) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW)) {
            workbook.setCompressTempFiles(true);
            WorkbookStyle style = new WorkbookStyle(workbook);
            Sheet entries = workbook.createSheet(ENTRIES);
            style.header(entries, LedgerColumns.HEADER, ENTRY_WIDTHS);
            int[] next = {1};
            tasks.accept(page -> {
                for (TaskResponse task : page) {
                    Row row = entries.createRow(next[0]++);
                    List<Object> values = LedgerColumns.values(task, zone);
                    for (int i = 0; i < values.size(); i++) {
                        style.set(row, i, values.get(i));
                    }
                    style.fill(row.getCell(LedgerColumns.COLOUR), task.colour());
                }
            });
            figures(workbook.createSheet(FIGURES), style, summary);
            workbook.write(out);
        }
    }

    private static void figures(Sheet sheet, WorkbookStyle style, LedgerSummary summary) {
        colourHeads(style, style.header(sheet, FIGURE_HEADER, 24, 10));
        line(sheet.createRow(1), style, ALL, List.of(summary.registered(), summary.withdrawn(), summary.closed(),
                summary.open(), summary.overdue()), summary.closureRate(), summary.onTimeRate(), summary.colours(),
                summary.closedLate());
        int next = groups(sheet, style, 2, summary.departments());
        next = groups(sheet, style, next + 1, BY_LEADER, summary.byLeader());
        groups(sheet, style, next + 1, BY_CATEGORY, summary.byCategory());
    }

    /** A table of groups below the others, after a blank row, headed like the first but for its first column. */
    private static int groups(Sheet sheet, WorkbookStyle style, int at, String groupedBy,
                              List<? extends LedgerSummary.GroupFigures> groups) {
        if (groups == null) {
            return at;
        }
        List<String> header = new ArrayList<>(FIGURE_HEADER);
        header.set(0, groupedBy);
        colourHeads(style, style.headerAt(sheet, at, header));
        return groups(sheet, style, at + 1, groups);
    }

    /** One row per group from row {@code at}; the row after the last. */
    private static int groups(Sheet sheet, WorkbookStyle style, int at,
                              List<? extends LedgerSummary.GroupFigures> groups) {
        int next = at;
        for (LedgerSummary.GroupFigures g : groups) {
            line(sheet.createRow(next++), style, g.name() == null ? NONE_NAMED : g.name(), List.of(g.registered(),
                    g.withdrawn(), g.closed(), g.open(), g.overdue()), g.closureRate(), g.onTimeRate(), g.colours(),
                    g.closedLate());
        }
        return next;
    }

    private static void colourHeads(WorkbookStyle style, Row header) {
        for (int i = 0; i < BOARD.size(); i++) {
            style.fillHeader(header.getCell(FIGURE_HEADER.indexOf("红 Red") + i), BOARD.get(i));
        }
    }

    private static void line(Row row, WorkbookStyle style, String department, List<Long> counts, Double closureRate,
                             Double onTimeRate, Map<Colour, Long> colours, long closedLate) {
        List<Object> cells = new ArrayList<>();
        cells.add(department);
        cells.addAll(counts);
        for (int i = 0; i < cells.size(); i++) {
            style.set(row, i, cells.get(i));
        }
        style.rate(row, cells.size(), closureRate);
        style.rate(row, cells.size() + 1, onTimeRate);
        int column = cells.size() + 2;
        for (Colour colour : BOARD) {
            style.set(row, column++, colours == null ? 0L : colours.getOrDefault(colour, 0L));
        }
        style.set(row, column, closedLate);
    }
}
