package dev.closeout.application.spreadsheet;

import org.springframework.http.HttpStatus;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV text (RFC 4180: comma-separated, quoted cells may hold commas, quotes doubled and line
 * breaks) as a spreadsheet shows it: one record is one row, however many lines its cells span.
 * The text is UTF-8 (with or without a byte-order mark, as Excel's "CSV UTF-8" writes it) or, when it
 * is not valid UTF-8, GB18030, the superset of the GBK that Excel's plain "CSV" writes on a Chinese
 * Windows.
 */
final class CsvSheetReader {

    private static final Charset GB18030 = Charset.forName("GB18030");

    private CsvSheetReader() {
    }

    /** At most {@code maxRows} non-blank rows; one more is a {@link SheetTooLarge}. */
    static RawSheet read(byte[] bytes, int maxRows) {
        String text = decode(bytes);
        if (text.indexOf('\0') >= 0) {
            throw new ImportRefusedException(HttpStatus.BAD_REQUEST,
                    "The file is neither an .xlsx workbook nor CSV text.");
        }
        List<RawSheet.Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int record = 1;
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        while (i <= text.length()) {
            char c = i < text.length() ? text.charAt(i) : '\n';
            boolean end = i == text.length();
            if (quoted && !end) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cells.add(cell.toString());
                cell.setLength(0);
                if (cells.stream().anyMatch(value -> !value.isBlank())) {
                    if (rows.size() == maxRows) {
                        throw new SheetTooLarge();
                    }
                    rows.add(new RawSheet.Row(record, List.copyOf(cells)));
                }
                cells.clear();
                record++;
                quoted = false;
            } else {
                cell.append(c);
            }
            i++;
        }
        return new RawSheet(rows);
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, GB18030);
        }
    }
}
