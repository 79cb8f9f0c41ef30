package dev.closeout.application.spreadsheet;

import dev.closeout.application.web.LargerBody;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** An import may carry a sheet of up to {@code max-import-size}, sent bare or as a multipart part. */
@Configuration(proxyBeanMethods = false)
class SpreadsheetConfiguration {

    static final String IMPORT_PATH = "/api/ledgers/{ledger}/import";

    @Bean
    LargerBody sheetImports(SpreadsheetProperties limits) {
        return new LargerBody("POST", IMPORT_PATH,
                DataSize.ofBytes(limits.maxImportSize().toBytes() + SpreadsheetProperties.PART_OVERHEAD.toBytes()),
                SpreadsheetProperties.SIZE_PROPERTY);
    }
}
