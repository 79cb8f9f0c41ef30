package dev.closeout.application.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;

/** A refusal that passes with time: its problem, and {@code Retry-After} in whole seconds (at least one). */
public final class RetryLater {

    private RetryLater() {
    }

    public static ErrorResponseException refusal(HttpStatus status, String detail, Duration after) {
        ErrorResponseException refused = new ErrorResponseException(status,
                ProblemDetail.forStatusAndDetail(status, detail), null);
        refused.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (after.toMillis() + 999) / 1000)));
        return refused;
    }
}
