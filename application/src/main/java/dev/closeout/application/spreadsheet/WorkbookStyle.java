package dev.closeout.application.spreadsheet;

import dev.closeout.domain.time.Colour;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFColor;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The look every workbook Closeout writes shares: a bold, shaded header row that stays in view
 * (frozen) as the rows scroll, dates as real date cells ({@code yyyy-mm-dd}), rates as percentages,
 * and the 红黄蓝 colours as cell fills. One per workbook: Excel caps the styles a file may hold.
 */
final class WorkbookStyle {

    /** Fills of the colours, in Excel's own "bad / neutral" tones and a light blue. */
    static final Map<Colour, String> FILLS = Map.of(Colour.RED, "FFC7CE", Colour.YELLOW, "FFEB9C",
            Colour.BLUE, "BDD7EE");
    /** What a rate cell says with nothing to divide by. */
    static final String NO_RATE = "—";

    private final CellStyle header;
    private final CellStyle date;
    private final CellStyle time;
    private final CellStyle percent;
    private final Map<Colour, CellStyle> colours = new EnumMap<>(Colour.class);
    private final Map<Colour, CellStyle> colourHeaders = new EnumMap<>(Colour.class);

    WorkbookStyle(Workbook workbook) {
        Font bold = workbook.createFont();
        bold.setBold(true);
        header = filled(workbook, "D9D9D9");
        header.setFont(bold);
        header.setWrapText(true);
        date = workbook.createCellStyle();
        date.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
        time = workbook.createCellStyle();
        time.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd hh:mm"));
        percent = workbook.createCellStyle();
        percent.setDataFormat(workbook.createDataFormat().getFormat("0.0%"));
        for (Colour colour : Colour.values()) {
            colours.put(colour, filled(workbook, FILLS.get(colour)));
            CellStyle colourHeader = filled(workbook, FILLS.get(colour));
            colourHeader.setFont(bold);
            colourHeaders.put(colour, colourHeader);
        }
    }

    private static CellStyle filled(Workbook workbook, String rgb) {
        XSSFCellStyle style = (XSSFCellStyle) workbook.createCellStyle();
        style.setFillForegroundColor(new XSSFColor(java.util.HexFormat.of().parseHex(rgb)));
        style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        return style;
    }

    /** Row 1 of the sheet: the header, frozen, each column {@code widths[i]} characters wide. */
    Row header(Sheet sheet, List<String> names, int... widths) {
        Row row = headerAt(sheet, 0, names);
        for (int i = 0; i < names.size(); i++) {
            sheet.setColumnWidth(i, 256 * (i < widths.length ? widths[i] : widths[widths.length - 1]));
        }
        sheet.createFreezePane(0, 1);
        return row;
    }

    /** A header row further down the sheet, heading a table of its own. */
    Row headerAt(Sheet sheet, int index, List<String> names) {
        Row row = sheet.createRow(index);
        for (int i = 0; i < names.size(); i++) {
            Cell cell = row.createCell(i);
            cell.setCellValue(names.get(i));
            cell.setCellStyle(header);
        }
        return row;
    }

    /**
     * A cell of the value's kind: text, a number, a date or a time (both in the ledger's zone already);
     * nothing for {@code null}. Text is always text, never a formula, whatever it starts with.
     */
    void set(Row row, int column, Object value) {
        if (value == null) {
            return;
        }
        Cell cell = row.createCell(column);
        if (value instanceof LocalDate day) {
            cell.setCellValue(day);
            cell.setCellStyle(date);
        } else if (value instanceof LocalDateTime at) {
            cell.setCellValue(at);
            cell.setCellStyle(time);
        } else if (value instanceof Number number) {
            cell.setCellValue(number.doubleValue());
        } else {
            cell.setCellValue(value.toString());
        }
    }

    void rate(Row row, int column, Double value) {
        if (value == null) {
            // nothing to divide by: no figure, which a blank cell or 0% would misread
            set(row, column, NO_RATE);
            return;
        }
        Cell cell = row.createCell(column);
        cell.setCellValue(value);
        cell.setCellStyle(percent);
    }

    /** Fills the cell with the colour it names ({@code RED}, {@code YELLOW}, {@code BLUE}), if it names one. */
    void fill(Cell cell, Colour colour) {
        if (cell != null && colour != null) {
            cell.setCellStyle(colours.get(colour));
        }
    }

    void fillHeader(Cell cell, Colour colour) {
        cell.setCellStyle(colourHeaders.get(colour));
    }
}
