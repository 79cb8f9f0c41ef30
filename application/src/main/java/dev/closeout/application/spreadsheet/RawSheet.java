package dev.closeout.application.spreadsheet;

import java.util.List;

/**
 * The non-blank rows of a sheet as text, before any column is understood: each with its number as
 * the user sees it in a spreadsheet (1 = the first row) and its cells from column A, a blank cell as
 * {@code ""}.
 */
record RawSheet(List<Row> rows) {

    record Row(int number, List<String> cells) {

        String cell(int column) {
            return column < cells.size() ? cells.get(column) : "";
        }
    }
}
