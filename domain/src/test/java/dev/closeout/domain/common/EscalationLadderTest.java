package dev.closeout.domain.common;

import dev.closeout.domain.common.EscalationLadder.Level;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EscalationLadderTest {

    private static final EscalationLadder LADDER = EscalationLadder.DEFAULT;

    @Test
    void the_default_ladder_climbs_from_reminder_to_top_level_dispatch() {
        assertThat(LADDER.levels()).extracting(Level::label).containsExactly("催办", "督办", "专题调度", "顶格调度");
    }

    @Test
    void a_level_is_found_by_its_code() {
        assertThat(LADDER.find("NOTICE")).contains(new Level("NOTICE", "督办"));
    }

    @Test
    void a_code_is_found_whatever_its_case_and_surrounding_blanks() {
        assertThat(LADDER.find("  special_dispatch ")).contains(new Level("SPECIAL_DISPATCH", "专题调度"));
    }

    @Test
    void a_level_is_found_by_its_chinese_label() {
        assertThat(LADDER.find("顶格调度")).contains(new Level("TOP_DISPATCH", "顶格调度"));
    }

    @Test
    void a_name_not_on_the_ladder_finds_nothing() {
        assertThat(LADDER.find("URGENT")).isEmpty();
        assertThat(LADDER.find(null)).isEmpty();
    }

    @Test
    void rank_counts_up_from_zero_at_the_lowest_level() {
        assertThat(LADDER.rank("REMINDER")).isZero();
        assertThat(LADDER.rank("NOTICE")).isEqualTo(1);
        assertThat(LADDER.rank("TOP_DISPATCH")).isEqualTo(3);
    }

    @Test
    void a_code_not_on_the_ladder_ranks_minus_one() {
        assertThat(LADDER.rank("URGENT")).isEqualTo(-1);
        assertThat(LADDER.rank(null)).isEqualTo(-1);
    }

    @Test
    void an_office_may_configure_its_own_ladder() {
        EscalationLadder own = new EscalationLadder(List.of(new Level("FRONTLINE", "一线调度"), new Level("TOP", "顶格调度")));
        assertThat(own.find("一线调度")).contains(new Level("FRONTLINE", "一线调度"));
        assertThat(own.rank("TOP")).isEqualTo(1);
    }

    @Test
    void a_ladder_needs_at_least_one_level() {
        assertThatThrownBy(() -> new EscalationLadder(List.of()))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("levels"));
        assertThatThrownBy(() -> new EscalationLadder(null))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("levels"));
    }

    @Test
    void a_ladder_cannot_repeat_a_code() {
        assertThatThrownBy(() -> new EscalationLadder(List.of(new Level("NOTICE", "督办"), new Level("NOTICE", "通报"))))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("levels"))
                .hasMessageContaining("must not repeat a code");
    }

    @Test
    void a_level_needs_a_code_and_a_label() {
        assertThatThrownBy(() -> new Level(" ", "督办"))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("code"));
        assertThatThrownBy(() -> new Level("NOTICE", null))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("label"));
    }

    @Test
    void a_ladder_does_not_change_when_the_list_it_was_built_from_does() {
        List<Level> levels = new ArrayList<>(List.of(new Level("REMINDER", "催办")));
        EscalationLadder ladder = new EscalationLadder(levels);
        levels.add(new Level("NOTICE", "督办"));
        assertThat(ladder.levels()).hasSize(1);
    }
}
