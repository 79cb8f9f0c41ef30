package dev.closeout.application.report;

import dev.closeout.application.infrastructure.report.ReportDocuments;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.report.ReportPublished;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A report is announced once per content it is stored with, and again for a content that replaced it. */
class ReportAnnouncementsTest {

    private final EmbeddedEventStore events = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final ReportAnnouncements announcements = new ReportAnnouncements(events);

    private static ReportDocuments.Stored stored(String hash, long revision) {
        return new ReportDocuments.Stored("r1", "台账", "MONTHLY", "2026-03", Instant.parse("2026-04-01T02:00:00Z"),
                hash, "{}", revision);
    }

    private List<ReportPublished> announced() {
        return events.readEvents(ReportPublished.stream("r1")).asStream()
                .map(e -> (ReportPublished) e.getPayload()).toList();
    }

    @Test
    void the_same_content_generated_again_is_not_announced_again() {
        announcements.announce(stored("a", 0), Actor.supervisor("supervisor"));
        announcements.announce(stored("a", 0), Actor.SYSTEM);

        assertThat(announced()).extracting(ReportPublished::contentHash).containsExactly("a");
        assertThat(announced().get(0).by()).isEqualTo(Actor.supervisor("supervisor"));
        assertThat(announcements.announced(stored("a", 0))).isTrue();
    }

    @Test
    void a_content_that_replaced_the_announced_one_is_announced_as_the_next_event_of_the_stream() {
        announcements.announce(stored("a", 0), Actor.SYSTEM);
        assertThat(announcements.announced(stored("b", 1))).isFalse();

        announcements.announce(stored("b", 1), Actor.SYSTEM);
        announcements.announce(stored("b", 1), Actor.SYSTEM);

        assertThat(announced()).extracting(ReportPublished::contentHash, ReportPublished::revision)
                .containsExactly(tuple("a", 0L), tuple("b", 1L));
        assertThat(events.readEvents(ReportPublished.stream("r1")).asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactly(0L, 1L);
    }

    @Test
    void a_revision_whose_announcement_was_lost_is_skipped_and_the_current_one_announced() {
        announcements.announce(stored("c", 2), Actor.SYSTEM);

        assertThat(announced()).extracting(ReportPublished::revision).containsExactly(2L);
        assertThat(announcements.announced(stored("c", 2))).isTrue();
    }
}
