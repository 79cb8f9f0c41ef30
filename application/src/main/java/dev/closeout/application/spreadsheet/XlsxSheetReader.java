package dev.closeout.application.spreadsheet;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.springframework.http.HttpStatus;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the first visible worksheet of an .xlsx workbook with Apache POI's streaming (SAX) reader, so that
 * memory grows with the rows kept, not with the file: cells as their text, numbers as Excel shows
 * them in the General format, and cells formatted as dates as ISO dates ({@code 2026-06-30}), the
 * time of day dropped. A formula cell gives the result Excel stored with it. A merged cell gives
 * its value to its first column in every row of the merge, as a 牵头单位 merged down the rows of its
 * tasks means; its other columns stay blank, as Excel holds them, so that a header merged across two
 * columns (a wide 任务名称, or 责任单位 over 牵头单位 | 配合单位) heads only the first.
 */
final class XlsxSheetReader {

    /**
     * The most any part of a workbook may hold once unzipped. A sheet within the import limits is a
     * few megabytes of XML; a zip bomb would otherwise be inflated whole (POI's own ratio check
     * still lets a part grow a hundredfold). The setting is POI's, for the whole process.
     */
    static final long MAX_PART_SIZE = 100L * 1024 * 1024;
    /**
     * The columns an import reads, A to IV (an import's form has fifteen): a value further right is refused, and a
     * merge starting further right is not read. A cell's column is padded up to in every row kept, so a crafted
     * reference (column 2^31) would otherwise fill the memory.
     */
    static final int MAX_COLUMNS = 256;

    static {
        ZipSecureFile.setMaxEntrySize(MAX_PART_SIZE);
    }

    private XlsxSheetReader() {
    }

    /** At most {@code maxRows} non-blank rows; one more is a {@link SheetTooLarge}. */
    static RawSheet read(byte[] bytes, int maxRows) {
        Path file = null;
        try {
            // a file is read part by part; a stream would be unzipped whole into memory first
            file = Files.createTempFile("closeout-import", ".xlsx");
            Files.write(file, bytes);
            try (OPCPackage workbook = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
                return read(workbook, maxRows);
            }
        } catch (SheetTooLarge | ImportRefusedException e) {
            throw e;
        } catch (Exception e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof SheetTooLarge)
                    && !(cause instanceof ImportRefusedException)) {
                cause = cause.getCause();
            }
            if (cause instanceof SheetTooLarge tooLarge) {
                throw tooLarge;
            }
            if (cause instanceof ImportRefusedException refused) {
                throw refused;
            }
            throw new ImportRefusedException(HttpStatus.BAD_REQUEST, "The file is not an .xlsx workbook that can be read ("
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()) + ").");
        } finally {
            deleteQuietly(file);
        }
    }

    private static RawSheet read(OPCPackage workbook, int maxRows) throws Exception {
        XSSFReader reader = new XSSFReader(workbook);
        List<CellRangeAddress> merges;
        try (InputStream sheet = firstVisibleSheet(reader)) {
            Merges found = new Merges();
            parse(sheet, found);
            merges = found.ranges;
        }
        Rows rows = new Rows(maxRows);
        try (InputStream sheet = firstVisibleSheet(reader)) {
            parse(sheet, new XSSFSheetXMLHandler(reader.getStylesTable(), null,
                    new ReadOnlySharedStringsTable(workbook, false), rows, new IsoDates(), false));
        }
        return new RawSheet(merged(rows.rows, merges));
    }

    /**
     * The first sheet the user sees: one hidden before it (last year's list, a lookup table) is not the list on
     * screen, and a refusal quoting its text would quote what the user cannot see.
     */
    private static InputStream firstVisibleSheet(XSSFReader reader) throws Exception {
        Set<String> hidden = new HashSet<>();
        try (InputStream workbook = reader.getWorkbookData()) {
            parse(workbook, new DefaultHandler() {
                @Override
                public void startElement(String uri, String localName, String qName, Attributes attributes) {
                    String state = attributes.getValue("state");
                    if ("sheet".equals(localName) && ("hidden".equals(state) || "veryHidden".equals(state))) {
                        hidden.add(attributes.getValue("name"));
                    }
                }
            });
        }
        XSSFReader.SheetIterator sheets = reader.getSheetIterator();
        if (!sheets.hasNext()) {
            throw new ImportRefusedException(HttpStatus.BAD_REQUEST, "The workbook has no worksheet.");
        }
        while (sheets.hasNext()) {
            InputStream sheet = sheets.next();
            if (!hidden.contains(sheets.getSheetName())) {
                return sheet;
            }
            sheet.close();
        }
        throw new ImportRefusedException(HttpStatus.BAD_REQUEST,
                "Every worksheet of the workbook is hidden: unhide the one to import (right-click a sheet tab, Unhide; 取消隐藏).");
    }

    private static void parse(InputStream sheet, ContentHandler handler) throws Exception {
        XMLReader parser = XMLHelper.newXMLReader();
        parser.setContentHandler(handler);
        parser.parse(new InputSource(sheet));
    }

    /** Each merge's value copied down its first column, for the rows read. */
    private static List<RawSheet.Row> merged(List<RawSheet.Row> rows, List<CellRangeAddress> merges) {
        if (merges.isEmpty()) {
            return rows;
        }
        NavigableMap<Integer, List<String>> cells = new TreeMap<>();
        rows.forEach(row -> cells.put(row.number() - 1, new ArrayList<>(row.cells())));
        for (CellRangeAddress merge : merges) {
            int column = merge.getFirstColumn();
            List<String> first = cells.get(merge.getFirstRow());
            String value = first == null || column < 0 || column >= first.size() ? "" : first.get(column);
            if (value.isEmpty() || column >= MAX_COLUMNS) {
                continue;
            }
            // the rows read within the merge, not every row it names (a whole column's merge names a million)
            for (List<String> row : cells.subMap(merge.getFirstRow(), false, merge.getLastRow(), true).values()) {
                while (row.size() <= column) {
                    row.add("");
                }
                row.set(column, value);
            }
        }
        return cells.entrySet().stream().map(row -> new RawSheet.Row(row.getKey() + 1, List.copyOf(row.getValue())))
                .toList();
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                file.toFile().deleteOnExit();
            }
        }
    }

    /** The rows with a value, each as its cells' text from column A. */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {

        private final int maxRows;
        private final List<RawSheet.Row> rows = new ArrayList<>();
        private final List<String> cells = new ArrayList<>();
        private boolean anyValue;

        Rows(int maxRows) {
            this.maxRows = maxRows;
        }

        @Override
        public void startRow(int rowNum) {
            cells.clear();
            anyValue = false;
        }

        @Override
        public void endRow(int rowNum) {
            if (!anyValue) {
                return;
            }
            if (rows.size() == maxRows) {
                throw new SheetTooLarge();
            }
            rows.add(new RawSheet.Row(rowNum + 1, List.copyOf(cells)));
        }

        @Override
        public void cell(String reference, String value, XSSFComment comment) {
            if (reference == null || value == null) {
                return;
            }
            int column = new CellReference(reference).getCol();
            if (column < 0 || column >= MAX_COLUMNS) {
                if (value.isBlank()) {
                    return;
                }
                throw new ImportRefusedException(HttpStatus.BAD_REQUEST, "The sheet has a value in cell " + reference
                        + ", beyond its " + MAX_COLUMNS + "th column (IV); an import reads columns A to IV.");
            }
            while (cells.size() < column) {
                cells.add("");
            }
            if (cells.size() == column) {
                cells.add(value);
            } else {
                cells.set(column, value);
            }
            anyValue |= !value.isBlank();
        }
    }

    /** The sheet's merged ranges ({@code <mergeCell ref="A2:A5"/>}), which come after its rows. */
    private static final class Merges extends DefaultHandler {

        private final List<CellRangeAddress> ranges = new ArrayList<>();

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            if ("mergeCell".equals(localName) && attributes.getValue("ref") != null) {
                ranges.add(CellRangeAddress.valueOf(attributes.getValue("ref")));
            }
        }
    }

    /**
     * Cells formatted as dates read as ISO dates; everything else as Excel shows it. Ids and
     * numbers keep their General look ({@code 12}, not {@code 12.0}).
     */
    private static final class IsoDates extends DataFormatter {

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                return DateUtil.getLocalDateTime(value).toLocalDate().toString();
            }
            return super.formatRawCellContents(value, formatIndex, formatString);
        }
    }
}
