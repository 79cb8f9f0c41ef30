package dev.closeout.application.report;

import dev.closeout.application.infrastructure.report.ReportDocuments;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.report.ReportPublished;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Announces a stored report to alert consumers: a {@link ReportPublished} event in the report's own stream,
 * which the alert feed turns into a {@code REPORT} alert and the webhooks deliver. The stream holds one
 * event per revision of the report's content announced, in order, so a revision already announced appends
 * nothing, and two instances announcing the same revision at once meet at the event store, which keeps one.
 * <p>
 * The report is stored first and announced after: a crash between the two leaves it unannounced until it
 * is generated again (on demand, or by the schedule, which asks {@link #announced}), never announced twice.
 */
@Component
class ReportAnnouncements {

    private final EventStore events;

    ReportAnnouncements(EventStore events) {
        this.events = events;
    }

    /** Whether {@code report}'s current revision was announced: exact-key reads of its stream's last event. */
    boolean announced(ReportDocuments.Stored report) {
        return last(report).map(e -> e.getPayload().revision() >= report.revision()).orElse(false);
    }

    void announce(ReportDocuments.Stored report, Actor by) {
        Optional<DomainEventMessage<ReportPublished>> last = last(report);
        if (last.isPresent() && last.get().getPayload().revision() >= report.revision()) {
            return;
        }
        long position = last.map(e -> e.getSequenceNumber() + 1).orElse(0L);
        try {
            events.publish(new GenericDomainEventMessage<>(ReportPublished.STREAM_TYPE,
                    ReportPublished.stream(report.id()), position, new ReportPublished(report.id(), report.ledger(),
                    report.kind(), report.period(), report.contentHash(), report.revision(), by)));
        } catch (AggregateStreamCreationException | ConcurrencyException alreadyAnnounced) {
            // Another generation of the same report appended at this position first: the announcement is made.
        }
    }

    @SuppressWarnings("unchecked")
    private Optional<DomainEventMessage<ReportPublished>> last(ReportDocuments.Stored report) {
        String stream = ReportPublished.stream(report.id());
        return events.lastSequenceNumberFor(stream).flatMap(sequence -> events.readEvents(stream, sequence).asStream()
                .findFirst().map(e -> (DomainEventMessage<ReportPublished>) e));
    }
}
