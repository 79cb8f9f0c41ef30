package dev.closeout.application.infrastructure.audit;

import dev.closeout.application.infrastructure.eventstore.ChainHash;
import dev.closeout.application.infrastructure.eventstore.ScratchEventStore;
import dev.closeout.projections.support.OfficeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.eventsourcing.utils.EventStoreTestUtils.createEvent;

/** Daily digests: one per office day, each listing the chains that grew, each chained to the one before. */
class DigestsTest {

    /** 23:59 on 30 June in Asia/Shanghai; a minute later it is 1 July there, still 30 June in UTC. */
    private static final Instant LATE_ON_30_JUNE = Instant.parse("2026-06-30T15:59:00Z");

    private final ScratchEventStore store = new ScratchEventStore();
    private final Digests digests = new Digests(store.engine().chain(), store.database(), OfficeZone.china());

    @AfterEach
    void dropDatabase() {
        store.close();
    }

    @Test
    void a_digest_is_due_once_per_day_in_the_office_zone() {
        store.engine().appendEvents(createEvent("task-a", 0));

        Digest first = digests.recordIfDue(LATE_ON_30_JUNE);
        assertThat(first.day()).isEqualTo(LocalDate.of(2026, 6, 30));
        assertThat(digests.recordIfDue(LATE_ON_30_JUNE.plusSeconds(30))).isNull();
        Digest second = digests.recordIfDue(LATE_ON_30_JUNE.plusSeconds(120));
        assertThat(second.day()).isEqualTo(LocalDate.of(2026, 7, 1));
        assertThat(second.number()).isEqualTo(first.number() + 1);
    }

    @Test
    void each_digest_lists_the_newest_event_of_every_chain_and_follows_the_digest_before_it() {
        store.engine().appendEvents(createEvent("task-a", 0), createEvent("task-b", 0), createEvent("task-a", 1));
        Digest first = digests.record(LATE_ON_30_JUNE);
        store.engine().appendEvents(createEvent("task-b", 1));
        Digest second = digests.record(LATE_ON_30_JUNE.plusSeconds(3600));

        assertThat(first.previous()).isEqualTo(ChainHash.GENESIS);
        assertThat(second.previous()).isEqualTo(first.hash());
        assertThat(first.hash()).isEqualTo(first.expectedHash());
        assertThat(heads(first)).containsExactlyInAnyOrder(head("task-a", 1), head("task-b", 0));
        assertThat(heads(second)).contains(head("task-b", 1)).doesNotContain(head("task-b", 0));
        assertThat(digests.lastRecorded("task-b").head()).isEqualTo(head("task-b", 1));
        assertThat(digests.lastRecorded("task-b").digest()).isEqualTo(second.name());
    }

    private ChainHead head(String aggregate, long sequence) {
        return new ChainHead(aggregate, sequence, store.stored(aggregate, sequence).getString("hash"));
    }

    private List<ChainHead> heads(Digest digest) {
        List<ChainHead> heads = new ArrayList<>();
        digest.pages().forEach(page -> heads.addAll(digests.page(page)));
        return heads;
    }
}
