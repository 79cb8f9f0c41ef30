package dev.closeout.application.spreadsheet;

import dev.closeout.application.web.FieldRefusedException;
import org.springframework.http.HttpStatus;

import java.util.Map;

/**
 * A sheet refused as a whole: 400 unreadable or with bad rows (the problem then lists them), 413 too
 * large, 415 of a kind not read. Answered as a problem naming the {@code file} field.
 */
class ImportRefusedException extends FieldRefusedException {

    static final String FIELD = "file";

    ImportRefusedException(HttpStatus status, String detail) {
        this(status, detail, Map.of());
    }

    ImportRefusedException(HttpStatus status, String detail, Map<String, Object> properties) {
        super(status, FIELD, detail, properties);
    }
}
