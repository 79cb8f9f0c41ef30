package dev.closeout.application.ledger;

import dev.closeout.application.task.TaskResponse;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A ledger as RFC 4180 CSV, in the {@link LedgerColumns}. Cells that a spreadsheet
 * would run as a formula (starting with {@code = + - @}, a tab or a carriage return) are prefixed with
 * an apostrophe: titles and notes come from users.
 */
final class LedgerCsv {

    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private final Writer out;
    private final ZoneId zone;
    private final DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** Times are written in {@code zone}, the ledger's own. */
    LedgerCsv(Writer out, ZoneId zone) {
        this.out = out;
        this.zone = zone;
    }

    void header() throws IOException {
        out.write(BYTE_ORDER_MARK);
        line(LedgerColumns.HEADER);
    }

    void row(TaskResponse response) throws IOException {
        List<String> cells = new ArrayList<>();
        for (Object value : LedgerColumns.values(response, zone)) {
            cells.add(value == null ? "" : value instanceof LocalDateTime at ? time.format(at) : value.toString());
        }
        line(cells);
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
