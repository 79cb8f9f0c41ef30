package dev.closeout.projections.complaint;

import com.mongodb.client.MongoDatabase;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAccepted;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAssigned;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintClosed;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintConvertedToTask;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintEscalated;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReceived;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReferralReportBackOverdue;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReferralReportedBack;
import dev.closeout.projections.referral.ReferralView;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReopened;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReplied;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintSatisfactionRecorded;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferRejected;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferRequested;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferred;
import dev.closeout.domain.complaint.ComplaintId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;

import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * Keeps one {@link ComplaintView} document per complaint in {@value #COLLECTION}, the
 * complainant in full (who may see it is decided when it is read). Every handler is
 * idempotent: an event whose sequence number is not above the stored version was folded in
 * already and changes nothing, so a redelivered event after a crash is harmless.
 */
@ProcessingGroup(ComplaintViewProjection.PROCESSING_GROUP)
public class ComplaintViewProjection {

    public static final String PROCESSING_GROUP = "complaint-view";
    public static final String COLLECTION = "complaint_views";

    private final ComplaintViews views;

    public ComplaintViewProjection(MongoDatabase database) {
        this.views = new ComplaintViews(database);
    }

    @EventHandler
    void on(ComplaintReceived e, @SequenceNumber long seq, @Timestamp Instant at) {
        views.create(ComplaintView.received(e, seq, at));
    }

    @EventHandler
    void on(ComplaintAssigned e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.complaintId(), seq, v -> v.assigned(e.department(), e.dueDate(), seq, at));
    }

    @EventHandler
    void on(ComplaintTransferRequested e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.complaintId(), seq, v -> v.transferRequested(
                new ComplaintView.Note(e.reason(), at, e.actor()), seq, at));
    }

    @EventHandler
    void on(ComplaintTransferRejected e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.complaintId(), seq, v -> v.transferRejected(seq, at));
    }

    @EventHandler
    void on(ComplaintTransferred e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.complaintId(), seq, v -> v.assigned(e.toDepartment(), e.dueDate(), seq, at));
    }

    @EventHandler
    void on(ComplaintAccepted e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.complaintId(), seq, v -> v.accepted(seq, at));
    }

    @EventHandler
    void on(ComplaintReplied e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.complaintId(), seq, v -> v.replied(new ComplaintView.Reply(e.content(), at, e.actor()), seq, at));
    }

    @EventHandler
    void on(ComplaintSatisfactionRecorded e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.complaintId(), seq, v -> v.rated(
                new ComplaintView.Rating(e.rating(), e.note(), at, e.actor()), seq, at));
    }

    @EventHandler
    void on(ComplaintClosed e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.complaintId(), seq, v -> v.closed(seq, at));
    }

    @EventHandler
    void on(ComplaintReopened e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.complaintId(), seq, v -> v.reopened(
                new ComplaintView.Note(e.reason(), at, e.actor()), e.dueDate(), seq, at));
    }

    @EventHandler
    void on(ComplaintEscalated e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.complaintId(), seq, v -> v.escalated(
                new ComplaintView.Escalation(e.level(), e.levelLabel(), e.reason(), at, e.actor()), seq, at));
    }

    @EventHandler
    void on(ComplaintConvertedToTask e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.complaintId(), seq, v -> v.convertedToTask(e.taskId().value(), seq, at));
    }

    @EventHandler
    void on(ComplaintReferralReportedBack e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.complaintId(), seq, v -> v.referral(r -> r.reportedBack(e.outcome(), e.reportedBackOn(), e.onTime(),
                at, e.actor()), seq, at));
    }

    @EventHandler
    void on(ComplaintReferralReportBackOverdue e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.complaintId(), seq, v -> v.referral(ReferralView::recordedOverdue, seq, at));
    }

    /** A rebuild starts from nothing: every view is made again from the events. */
    @ResetHandler
    void reset() {
        views.deleteAll();
    }

    private void update(ComplaintId id, long seq, UnaryOperator<ComplaintView> change) {
        views.update(id.value(), seq, change);
    }
}
