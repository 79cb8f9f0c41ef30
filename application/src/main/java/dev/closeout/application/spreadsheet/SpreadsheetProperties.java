package dev.closeout.application.spreadsheet;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Bounds of a sheet imported into a ledger: {@code closeout.spreadsheets.max-import-size} (default
 * 5 MB: a 5,000-line 清单 saved as .xlsx is about 300 KB, as CSV about 1 MB) and
 * {@code closeout.spreadsheets.max-import-rows} (default 5,000 rows below the header: a county's
 * campaign list holds a hundred or so, a city's a few hundred).
 */
@ConfigurationProperties("closeout.spreadsheets")
public record SpreadsheetProperties(DataSize maxImportSize, Integer maxImportRows) {

    static final String SIZE_PROPERTY = "closeout.spreadsheets.max-import-size";
    static final String ROWS_PROPERTY = "closeout.spreadsheets.max-import-rows";
    /** Room for a multipart body's boundaries and part headers around the file. */
    static final DataSize PART_OVERHEAD = DataSize.ofKilobytes(16);
    private static final DataSize LARGEST = DataSize.ofMegabytes(50);
    private static final int MOST_ROWS = 50_000;

    public SpreadsheetProperties {
        maxImportSize = maxImportSize == null ? DataSize.ofMegabytes(5) : maxImportSize;
        if (maxImportSize.toBytes() < 1 || maxImportSize.compareTo(LARGEST) > 0) {
            throw new IllegalArgumentException(SIZE_PROPERTY + " must be between 1 byte and " + LARGEST.toMegabytes()
                    + " MB, was " + maxImportSize);
        }
        maxImportRows = maxImportRows == null ? 5_000 : maxImportRows;
        if (maxImportRows < 1 || maxImportRows > MOST_ROWS) {
            throw new IllegalArgumentException(ROWS_PROPERTY + " must be between 1 and " + MOST_ROWS + ", was "
                    + maxImportRows);
        }
    }
}
