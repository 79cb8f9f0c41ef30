package dev.closeout.application.spreadsheet;

import dev.closeout.domain.referral.ReferralLevel;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The empty form of an import (导入模板): the columns headed as offices head them, frozen, wide
 * enough to read, 完成时限 and 反馈时限 formatted as dates, 来源, 类别 and 转办层级 offering their
 * labels; a second sheet says what each column takes, with an example, and how a repeated import is
 * treated.
 */
final class ImportTemplate {

    static final String FORM = "清单 Tasks";
    static final String NOTES = "填表说明 Notes";
    private static final int[] WIDTHS = {8, 40, 18, 24, 12, 14, 12, 48, 12, 44, 10, 18, 24, 14};
    /** Rows of the form that offer the lists and the date format: more than any county's list. */
    private static final int FORM_ROWS = 5_000;
    private static final int MAX_LIST = 255;

    private static final Map<ImportColumn, String[]> NOTES_BY_COLUMN = Map.ofEntries(
            Map.entry(ImportColumn.NUMBER, new String[]{"选填 optional", "本台账内唯一；再次导入时据此识别已登记的事项。"
                    + "Unique in the ledger; a second import recognises registered rows by it (without it, by title"
                    + " and lead department).", "1"}),
            Map.entry(ImportColumn.TITLE, new String[]{"必填 required", "一行，至多500字。One line, at most 500 characters.",
                    "城区供热管网改造"}),
            Map.entry(ImportColumn.LEAD_DEPARTMENT, new String[]{"必填 required", "一个单位。One department.", "住建局"}),
            Map.entry(ImportColumn.SUPPORTING_DEPARTMENTS, new String[]{"选填 optional",
                    "多个单位用顿号、逗号或分号隔开。Several departments, separated by 、 , or ;", "财政局、发改局"}),
            Map.entry(ImportColumn.RESPONSIBLE_LEADER, new String[]{"选填 optional", "包抓领导。The leader in charge.",
                    "王副区长"}),
            Map.entry(ImportColumn.DUE_DATE, new String[]{"必填 required", "日期：2026-06-30、2026/6/30、2026年6月30日、"
                    + "2026年6月底；“6月底前”缺年份，不能导入。A date; 「6月底前」 names no year and is refused.", "2026-06-30"}),
            Map.entry(ImportColumn.SOURCE, new String[]{"选填 optional", "省上督办、市级交办、自行梳理（空白时）、督查发现、信访转办",
                    "市级交办"}),
            Map.entry(ImportColumn.DESCRIPTION, new String[]{"选填 optional", "可多行。May span lines.",
                    "完成老旧管网改造12公里"}),
            Map.entry(ImportColumn.CATEGORY, new String[]{"选填 optional", "本单位设定的类别之一：%s。One of the office's"
                    + " categories.", "项目建设"}),
            Map.entry(ImportColumn.MILESTONES, new String[]{"选填 optional", "每个节点写日期和目标，日期在前，以空格或冒号隔开；"
                    + "多个节点以分号或换行隔开；日期写法同完成时限，不得晚于完成时限。Each milestone: its date, then what is to"
                    + " be reached; several separated by ; or line breaks; dates as for 完成时限, none after it.",
                    MilestoneCell.EXAMPLE}),
            Map.entry(ImportColumn.REFERRAL_LEVEL, new String[]{"转办时必填 required if referred", "省 或 市。"
                    + "省 (province) or 市 (city). 转办四栏或全填或全空。The four referral columns are filled together"
                    + " or left blank.", "省"}),
            Map.entry(ImportColumn.REFERRING_BODY, new String[]{"转办时必填 required if referred", "转办或交办的单位。"
                    + "The body that referred the task.", "省委督查室"}),
            Map.entry(ImportColumn.DOCUMENT_NUMBER, new String[]{"转办时必填 required if referred", "转办单的文号。"
                    + "The referral's document number.", "甘督字〔2026〕12号"}),
            Map.entry(ImportColumn.REPORT_BACK_DUE, new String[]{"转办时必填 required if referred", "向转办单位反馈的时限，"
                    + "日期写法同完成时限。The last day to report back; dates as for 完成时限.", "2026-05-31"}));

    private ImportTemplate() {
    }

    /** {@code categories}: the office's categories, which 类别 offers. */
    static void write(OutputStream out, String ledger, List<String> categories) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            WorkbookStyle style = new WorkbookStyle(workbook);
            Sheet form = workbook.createSheet(FORM);
            List<ImportColumn> columns = Arrays.asList(ImportColumn.values());
            style.header(form, columns.stream().map(ImportColumn::chinese).toList(), WIDTHS);
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
            form.setDefaultColumnStyle(columns.indexOf(ImportColumn.DUE_DATE), date);
            form.setDefaultColumnStyle(columns.indexOf(ImportColumn.REPORT_BACK_DUE), date);
            offer(form, columns.indexOf(ImportColumn.SOURCE), List.copyOf(SourceLabels.LABELS.values()));
            offer(form, columns.indexOf(ImportColumn.CATEGORY), categories);
            offer(form, columns.indexOf(ImportColumn.REFERRAL_LEVEL),
                    Arrays.stream(ReferralLevel.values()).map(ReferralLevel::label).toList());

            Sheet notes = workbook.createSheet(NOTES);
            style.header(notes, List.of("栏目 Column", "English header", "必填 Required", "填写说明 What to write",
                    "示例 Example"), 14, 24, 14, 80, 24);
            int next = 1;
            for (ImportColumn column : columns) {
                String[] note = NOTES_BY_COLUMN.get(column);
                Row row = notes.createRow(next++);
                style.set(row, 0, column.chinese());
                style.set(row, 1, column.english());
                style.set(row, 2, note[0]);
                style.set(row, 3, column == ImportColumn.CATEGORY ? note[1].formatted(String.join("、", categories))
                        : note[1]);
                style.set(row, 4, note[2]);
            }
            next++;
            for (String line : List.of(
                    "台账 Ledger: " + ledger,
                    "第一个未隐藏的工作表的第一行为表头，其下每行一项任务；标题行可在表头之上。The first visible sheet: a header row, one task"
                            + " per row below it (title rows above it are skipped).",
                    "任何一行有误则整表不导入，并逐格列出错误。If any row is wrong nothing is imported, and every bad cell is named.",
                    "同一表格再次导入不会重复登记。Importing the same sheet again registers nothing twice.")) {
                style.set(notes.createRow(next++), 0, line);
            }
            workbook.write(out);
        }
    }

    /**
     * The column's cells below the header offer {@code labels} as a list, and refuse others; a list
     * longer than Excel takes in a list rule (255 characters) is offered on the notes sheet only.
     */
    private static void offer(Sheet form, int column, List<String> labels) {
        if (String.join(",", labels).length() > MAX_LIST) {
            return;
        }
        DataValidationHelper validation = form.getDataValidationHelper();
        DataValidation offered = validation.createValidation(
                validation.createExplicitListConstraint(labels.toArray(String[]::new)),
                new CellRangeAddressList(1, FORM_ROWS, column, column));
        offered.setShowErrorBox(true);
        form.addValidationData(offered);
    }
}
