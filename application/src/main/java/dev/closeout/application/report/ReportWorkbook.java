package dev.closeout.application.report;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A report as an Excel workbook: one sheet per section, named by the section's Chinese title, with the
 * bold, shaded, frozen header row of Closeout's other workbooks; numbers are number cells. The sheet
 * "报告 Report" comes first and says which ledger, period and content hash the workbook holds.
 */
final class ReportWorkbook {

    private ReportWorkbook() {
    }

    static byte[] write(ReportContent content, String generatedAt, String contentHash) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle header = workbook.createCellStyle();
            Font bold = workbook.createFont();
            bold.setBold(true);
            header.setFont(bold);
            header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);

            Sheet about = workbook.createSheet("报告 Report");
            List<List<Object>> facts = List.of(List.of("报告 Report", content.title()),
                    List.of("台账 Ledger", content.ledger()), List.of("类型 Kind", content.kind().name()),
                    List.of("期间 Period", content.period()), List.of("起 From", content.from()),
                    List.of("止 To", content.to()), List.of("截至 As of the end of", content.asOf()),
                    List.of("生成 Generated", generatedAt), List.of("SHA-256", contentHash));
            for (int i = 0; i < facts.size(); i++) {
                Row row = about.createRow(i);
                row.createCell(0).setCellValue((String) facts.get(i).get(0));
                row.getCell(0).setCellStyle(header);
                row.createCell(1).setCellValue((String) facts.get(i).get(1));
            }
            about.setColumnWidth(0, 256 * 22);
            about.setColumnWidth(1, 256 * 70);

            for (ReportContent.Section section : content.sections()) {
                Sheet sheet = workbook.createSheet(section.title().split(" ")[0]);
                Row head = sheet.createRow(0);
                for (int c = 0; c < section.columns().size(); c++) {
                    Cell cell = head.createCell(c);
                    cell.setCellValue(section.columns().get(c));
                    cell.setCellStyle(header);
                    sheet.setColumnWidth(c, 256 * Math.max(14, section.columns().get(c).length() + 4));
                }
                sheet.createFreezePane(0, 1);
                for (int r = 0; r < section.rows().size(); r++) {
                    Row row = sheet.createRow(r + 1);
                    List<Object> values = section.rows().get(r);
                    for (int c = 0; c < values.size(); c++) {
                        if (values.get(c) instanceof Number number) {
                            row.createCell(c).setCellValue(number.doubleValue());
                        } else {
                            row.createCell(c).setCellValue(String.valueOf(values.get(c)));
                        }
                    }
                }
            }
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
