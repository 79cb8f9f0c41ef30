package dev.closeout.application.infrastructure.eventstore;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The canonical form behind every event's chain hash. */
class ChainHashTest {

    private static final String PREVIOUS = "ab".repeat(32);

    private static ChainHash event() {
        return new ChainHash("task-1", "Task", 3, "event-1", "2026-06-30T08:00:00Z",
                "dev.closeout.domain.task.TaskEvent$ProgressReported", "1",
                "{\"note\":\"路面硬化完成\"}".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_same_content_after_the_same_hash_gives_the_same_hash() {
        assertThat(event().chainedTo(PREVIOUS)).isEqualTo(event().chainedTo(PREVIOUS)).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void changing_any_field_or_the_previous_hash_changes_the_hash() {
        ChainHash e = event();
        List<UnaryOperator<ChainHash>> changes = List.of(
                c -> new ChainHash("task-2", c.aggregateType(), c.sequenceNumber(), c.eventIdentifier(), c.timestamp(),
                        c.payloadType(), c.payloadRevision(), c.payload(), c.metaData()),
                c -> new ChainHash(c.aggregateIdentifier(), "Complaint", c.sequenceNumber(), c.eventIdentifier(),
                        c.timestamp(), c.payloadType(), c.payloadRevision(), c.payload(), c.metaData()),
                c -> new ChainHash(c.aggregateIdentifier(), c.aggregateType(), 4, c.eventIdentifier(), c.timestamp(),
                        c.payloadType(), c.payloadRevision(), c.payload(), c.metaData()),
                c -> new ChainHash(c.aggregateIdentifier(), c.aggregateType(), c.sequenceNumber(), "event-2",
                        c.timestamp(), c.payloadType(), c.payloadRevision(), c.payload(), c.metaData()),
                c -> new ChainHash(c.aggregateIdentifier(), c.aggregateType(), c.sequenceNumber(), c.eventIdentifier(),
                        "2026-06-30T08:00:00.001Z", c.payloadType(), c.payloadRevision(), c.payload(), c.metaData()),
                c -> new ChainHash(c.aggregateIdentifier(), c.aggregateType(), c.sequenceNumber(), c.eventIdentifier(),
                        c.timestamp(), "dev.closeout.domain.task.TaskEvent$TaskClosed", c.payloadRevision(),
                        c.payload(), c.metaData()),
                c -> new ChainHash(c.aggregateIdentifier(), c.aggregateType(), c.sequenceNumber(), c.eventIdentifier(),
                        c.timestamp(), c.payloadType(), null, c.payload(), c.metaData()),
                c -> new ChainHash(c.aggregateIdentifier(), c.aggregateType(), c.sequenceNumber(), c.eventIdentifier(),
                        c.timestamp(), c.payloadType(), c.payloadRevision(),
                        "{\"note\":\"路面硬化未完成\"}".getBytes(StandardCharsets.UTF_8), c.metaData()),
                c -> new ChainHash(c.aggregateIdentifier(), c.aggregateType(), c.sequenceNumber(), c.eventIdentifier(),
                        c.timestamp(), c.payloadType(), c.payloadRevision(), c.payload(),
                        "{\"user\":\"dept-b\"}".getBytes(StandardCharsets.UTF_8)));
        String original = e.chainedTo(PREVIOUS);
        for (UnaryOperator<ChainHash> change : changes) {
            assertThat(change.apply(e).chainedTo(PREVIOUS)).as(change.apply(e).toString()).isNotEqualTo(original);
        }
        assertThat(e.chainedTo(ChainHash.GENESIS)).isNotEqualTo(original);
    }

    @Test
    void text_moved_from_one_field_to_the_next_changes_the_hash() {
        ChainHash split = new ChainHash("task-1", "Task", 0, "e", "t", "type", "1", new byte[0], new byte[0]);
        ChainHash moved = new ChainHash("task-", "1Task", 0, "e", "t", "type", "1", new byte[0], new byte[0]);
        assertThat(split.chainedTo(PREVIOUS)).isNotEqualTo(moved.chainedTo(PREVIOUS));
    }
}
