package dev.closeout.application.spreadsheet;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.task.Milestone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MilestoneCellTest {

    @Test
    void each_entry_is_a_date_then_a_title_apart_by_a_space_or_a_colon() {
        assertThat(MilestoneCell.parse("2026-03-31 一季度目标; 2026年6月底：二季度: 路基完工\n2026/9/30 三季度目标；", "milestones"))
                .containsExactly(new Milestone.Plan("一季度目标", LocalDate.of(2026, 3, 31)),
                        new Milestone.Plan("二季度: 路基完工", LocalDate.of(2026, 6, 30)),
                        new Milestone.Plan("三季度目标", LocalDate.of(2026, 9, 30)));
    }

    @Test
    void a_blank_cell_is_no_milestone() {
        assertThat(MilestoneCell.parse(" ", "milestones")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-31 一季度目标; 6月底前 二季度目标", "2026-03-31 一季度目标; 二季度目标"})
    void a_bad_entry_is_refused_naming_its_place(String cell) {
        assertThatThrownBy(() -> MilestoneCell.parse(cell, "milestones"))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo("milestones");
                    assertThat(e.getMessage()).startsWith("milestones milestone 2 ");
                });
    }
}
