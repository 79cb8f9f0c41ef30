package dev.closeout.application.evidence;

import dev.closeout.application.web.FieldRefusedException;
import org.springframework.http.HttpStatus;

import java.util.Map;

/**
 * An uploaded file refused for what it is (413 too large, 415 not an accepted type), answered as a
 * problem that names the field and the file, so a page can show the message beside its file input.
 */
public class EvidenceRefusedException extends FieldRefusedException {

    EvidenceRefusedException(HttpStatus status, String field, String detail, Map<String, Object> properties) {
        super(status, field, detail, properties);
    }
}
