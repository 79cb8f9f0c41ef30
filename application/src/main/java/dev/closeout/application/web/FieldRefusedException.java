package dev.closeout.application.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.util.Map;

/**
 * A request refused for what one of its fields holds (a file too large, of a type not read, a sheet
 * with bad rows), answered as a problem that names the field and carries the {@code properties}
 * that say more, so a page can show the message beside its input.
 */
public class FieldRefusedException extends ErrorResponseException {

    protected FieldRefusedException(HttpStatus status, String field, String detail, Map<String, Object> properties) {
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
