package dev.closeout.application.infrastructure.eventstore;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StoredEntryTest {

    @Test
    void parsesItsTimestampOnceAndAnswersItAtEveryCall() {
        StoredEntry entry = new StoredEntry("Task", "task-1", 3, "event-1", "2026-12-04T07:00:00.123Z",
                "TaskClaimed", null, new byte[0], new byte[0]);

        Instant first = entry.getTimestamp();

        assertThat(first).isEqualTo(Instant.parse("2026-12-04T07:00:00.123Z"));
        assertThat(entry.getTimestamp()).isSameAs(first);
    }
}
