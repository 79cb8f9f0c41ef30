package dev.closeout.domain.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TimeOrderedIdsTest {

    @Test
    void ids_made_in_later_milliseconds_sort_after_earlier_ones_as_text() {
        long start = 1_796_000_000_000L; // 2026-11-30
        List<String> made = new ArrayList<>();
        for (long millis = start; millis < start + 2_000; millis += 7) {
            made.add(TimeOrderedIds.at(millis));
        }
        assertThat(made).isSorted();
    }

    @Test
    void an_id_is_a_version_7_uuid_carrying_the_milliseconds_it_was_made() {
        long millis = 1_796_123_456_789L;
        UUID id = UUID.fromString(TimeOrderedIds.at(millis));
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
        assertThat(id.toString()).hasSize(36);
    }

    @Test
    void ids_made_in_the_same_millisecond_differ() {
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            made.add(TimeOrderedIds.at(1_796_000_000_000L));
        }
        assertThat(made).hasSize(10_000);
    }
}
