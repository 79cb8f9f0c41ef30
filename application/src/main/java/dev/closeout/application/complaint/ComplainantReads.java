package dev.closeout.application.complaint;

import dev.closeout.application.infrastructure.audit.RecordedReads;
import dev.closeout.domain.audit.ComplainantDataRead;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.complaint.ComplaintId;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.List;
import java.util.Map;

/**
 * Every time a complainant's name and phone are shown unmasked (an API answer or the complaint's
 * page), who was shown them, when, which complaint and through which request is recorded in the
 * audit trail ({@link ComplainantDataRead}). Called where the data leaves the application, so a
 * read is recorded once per request that shows it, and never for one that only used it.
 */
@Component
public class ComplainantReads {

    private final RecordedReads records;

    ComplainantReads(RecordedReads records) {
        this.records = records;
    }

    /** The complaint as answered to {@code reader}: recorded when it shows the complainant unmasked. */
    public void shown(ComplaintResponse answer, Actor reader) {
        if (!mayShow(answer, reader)) {
            throw unrecorded();
        }
    }

    /**
     * Whether the complaint may be answered to {@code reader} as it is: it shows no unmasked complainant, or the read
     * is recorded. False when reads cannot be recorded right now: for a command already stored, whose answer is then
     * the complaint's id alone (202) rather than a 503 that would tell the client its command failed.
     */
    public boolean mayShow(ComplaintResponse answer, Actor reader) {
        return !unmasked(answer) || recorded(new ComplaintId(answer.complaint().complaintId()), reader);
    }

    /** A complaint's history as answered to {@code reader}: recorded when its receipt shows the complainant unmasked. */
    void shownInHistory(ComplaintId id, List<Map<String, Object>> history, Actor reader) {
        if (unmasked(history)) {
            record(id, reader);
        }
    }

    /**
     * A complaint's page, its facts and its timeline: recorded once when either shows the complainant unmasked. The
     * facts are judged from the complaint's view, the timeline from its events, so for the moment the view trails a
     * transfer the two may differ; whichever shows the data, the read is recorded.
     */
    public void shownWithHistory(ComplaintResponse answer, List<Map<String, Object>> history, Actor reader) {
        if (unmasked(answer) || unmasked(history)) {
            record(new ComplaintId(answer.complaint().complaintId()), reader);
        }
    }

    private static boolean unmasked(ComplaintResponse answer) {
        return !answer.complainantMasked() && answer.complaint().complainant() != null;
    }

    private static boolean unmasked(List<Map<String, Object>> history) {
        return history.stream().anyMatch(entry -> entry.get("complainant") != null
                && !Boolean.TRUE.equals(entry.get("complainantMasked")));
    }

    private void record(ComplaintId id, Actor reader) {
        if (!recorded(id, reader)) {
            throw unrecorded();
        }
    }

    /** The read recorded; false when reads cannot be recorded right now. */
    private boolean recorded(ComplaintId id, Actor reader) {
        return records.record(ComplainantDataRead.STREAM_TYPE, new ComplainantDataRead(id, reader, path()));
    }

    private static ErrorResponseException unrecorded() {
        return new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, "The complainant's data is shown only once the read is recorded, "
                        + "and reads cannot be recorded right now: retry shortly"), null);
    }

    /** The request that shows the data, as method and path ({@code GET /complaints/…} for the page). */
    private static String path() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getMethod() + " " + request.getRequestURI();
        }
        return "(outside a request)";
    }
}
