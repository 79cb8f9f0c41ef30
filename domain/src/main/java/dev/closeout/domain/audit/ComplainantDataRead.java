package dev.closeout.domain.audit;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.complaint.ComplaintId;

/**
 * A complainant's name and phone were shown unmasked to {@code reader}, through {@code path} (the
 * request that showed them: {@code GET /api/complaints/…} or the page {@code GET /complaints/…}).
 * A fact, like every event: it does no validation, so it can always be read back.
 * <p>
 * Not an event of the complaint's lifecycle, which it leaves unchanged: each read is a stream of
 * its own in the event store (type {@value #STREAM_TYPE}), so it is chained and digested like every
 * other event and reaches the audit trail in order.
 */
public record ComplainantDataRead(ComplaintId complaintId, Actor reader, String path) {

    /** The aggregate type its streams are stored under. */
    public static final String STREAM_TYPE = "ComplainantDataRead";
}
