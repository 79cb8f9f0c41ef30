package dev.closeout.application.complaint;

import dev.closeout.application.infrastructure.audit.RecordedReads;
import dev.closeout.domain.common.Actor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * A complainant's unmasked data leaves the application only once its read is recorded. When reads cannot be recorded
 * (too many wait already), a read of the complaint is refused with 503; a command's answer, whose command is already
 * stored, is withheld instead ({@link ComplainantReads#mayShow}: the API answers 202 with the id), so a client is
 * never told that a stored command failed.
 */
class ComplainantReadsTest {

    private static final Actor READER = Actor.supervisor("supervisor");

    private static ComplaintResponse answer(boolean masked) {
        ComplaintResponse answer = mock(ComplaintResponse.class, RETURNS_DEEP_STUBS);
        when(answer.complainantMasked()).thenReturn(masked);
        when(answer.complaint().complaintId()).thenReturn("c-1");
        return answer;
    }

    @Test
    void an_unmasked_answer_is_shown_once_its_read_is_recorded() throws Exception {
        EventStore store = mock(EventStore.class);
        try (RecordedReads records = new RecordedReads(store, Duration.ofSeconds(5), 10)) {
            ComplainantReads reads = new ComplainantReads(records);

            assertThat(reads.mayShow(answer(false), READER)).isTrue();

            verify(store, timeout(5_000)).publish(anyList());
        }
    }

    @Test
    void when_reads_cannot_be_recorded_an_unmasked_answer_is_withheld_and_a_read_refused_with_503() throws Exception {
        EventStore store = mock(EventStore.class);
        RecordedReads refusing = new RecordedReads(store, Duration.ofSeconds(5), 10);
        refusing.close();
        ComplainantReads reads = new ComplainantReads(refusing);

        assertThat(reads.mayShow(answer(false), READER)).isFalse();
        assertThatThrownBy(() -> reads.shown(answer(false), READER))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        refused -> assertThat(refused.getStatusCode().value()).isEqualTo(503));
        assertThat(reads.mayShow(answer(true), READER)).as("a masked answer needs no record").isTrue();
        verify(store, never()).publish(anyList());
    }

    /**
     * The page shows the complaint's facts (judged from its view) and its timeline (judged from its events): while the
     * view trails a transfer, the facts may be masked and the timeline not. Either unmasked is a read recorded, once.
     */
    @Test
    void a_page_whose_timeline_alone_shows_the_complainant_records_the_read_once() throws Exception {
        EventStore store = mock(EventStore.class);
        try (RecordedReads records = new RecordedReads(store, Duration.ofSeconds(5), 10)) {
            ComplainantReads reads = new ComplainantReads(records);
            List<Map<String, Object>> unmaskedTimeline = List.of(Map.of("type", "ComplaintReceived",
                    "complainant", Map.of("name", "张三", "phone", "13812345678")));
            List<Map<String, Object>> maskedTimeline = List.of(Map.of("type", "ComplaintReceived",
                    "complainant", Map.of("name", "张*", "phone", "138****5678"), "complainantMasked", true));

            reads.shownWithHistory(answer(true), maskedTimeline, READER);
            reads.shownWithHistory(answer(true), unmaskedTimeline, READER);

            // the masked page decided at once to record nothing; the other's record is the one publish
            verify(store, timeout(5_000).times(1)).publish(anyList());
        }
    }
}
