package dev.closeout.application.report;

import java.util.List;

/**
 * What a report says, as tables: the same content becomes the JSON answer, the workbook (one sheet
 * per section) and the PDF (one table per section), and its canonical JSON is what the content hash
 * is taken of. Cells hold text or whole numbers only, so the JSON reads back exactly as written.
 *
 * @param asOf the day whose end the figures describe: the period's last day
 */
public record ReportContent(String title, String ledger, ReportKind kind, String period, String from, String to,
                            String asOf, List<Section> sections) {

    /**
     * One table.
     *
     * @param key     a stable name for programs (e.g. {@code departments}); the title is for people
     * @param columns the header, Chinese beside English
     */
    public record Section(String key, String title, List<String> columns, List<List<Object>> rows) {

        public Section {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    public ReportContent {
        sections = List.copyOf(sections);
    }
}
