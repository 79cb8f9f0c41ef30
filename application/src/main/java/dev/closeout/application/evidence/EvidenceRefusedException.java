package dev.closeout.application.evidence;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.util.Map;

/**
 * An uploaded file refused for what it is (413 too large, 415 not an accepted type), answered as a
 * problem that names the field and the file, so a page can show the message beside its file input.
 */
public class EvidenceRefusedException extends ErrorResponseException {

    EvidenceRefusedException(HttpStatus status, String field, String detail, Map<String, Object> properties) {
        super(status, problem(status, field, detail, properties), null);
    }

    private static ProblemDetail problem(HttpStatus status, String field, String detail, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("field", field);
        properties.forEach(problem::setProperty);
        return problem;
    }

    /** The message to show beside the form field. */
    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
