package dev.closeout.domain.time;

import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.common.EscalationLadder.Level;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.time.EscalationSchedule.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.closeout.domain.time.Timelines.d;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EscalationScheduleTest {

    private static final EscalationSchedule DEFAULT = EscalationSchedule.DEFAULT;

    @Test
    void an_item_not_overdue_is_not_escalated() {
        assertThat(DEFAULT.levelFor(0)).isEmpty();
        assertThat(DEFAULT.levelFor(-3)).isEmpty();
    }

    @ParameterizedTest(name = "{0} working days overdue -> {1}")
    @CsvSource({"1, REMINDER", "4, REMINDER", "5, NOTICE", "9, NOTICE", "10, SPECIAL_DISPATCH", "19, SPECIAL_DISPATCH",
            "20, TOP_DISPATCH", "200, TOP_DISPATCH"})
    void the_default_schedule_gives_the_highest_level_whose_threshold_is_reached(int overdue, String level) {
        assertThat(DEFAULT.levelFor(overdue)).contains(level);
    }

    @Test
    void an_item_due_on_a_friday_is_one_working_day_overdue_and_reminded_on_monday() {
        WorkingCalendar calendar = WorkingCalendar.chinaMainland();
        int overdue = calendar.workingDaysBetween(d("2025-03-07"), d("2025-03-10"));
        assertThat(DEFAULT.levelFor(overdue)).contains("REMINDER");
    }

    @Test
    void a_step_may_name_its_level_by_chinese_label_or_code_in_any_case_and_is_kept_by_code() {
        EscalationSchedule schedule = new EscalationSchedule(EscalationLadder.DEFAULT,
                List.of(new Step(2, "催办"), new Step(8, "top_dispatch")));
        assertThat(schedule.steps()).containsExactly(new Step(2, "REMINDER"), new Step(8, "TOP_DISPATCH"));
        assertThat(schedule.levelFor(8)).contains("TOP_DISPATCH");
    }

    @Test
    void an_office_with_its_own_ladder_escalates_on_its_own_levels() {
        EscalationLadder own = new EscalationLadder(List.of(new Level("FRONTLINE", "一线调度"), new Level("TOP", "顶格调度")));
        EscalationSchedule schedule = new EscalationSchedule(own, List.of(new Step(3, "FRONTLINE"), new Step(15, "TOP")));
        assertThat(schedule.levelFor(3)).contains("FRONTLINE");
    }

    @Test
    void a_level_not_on_the_ladder_is_refused() {
        assertThatThrownBy(() -> new EscalationSchedule(EscalationLadder.DEFAULT, List.of(new Step(1, "URGENT"))))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("steps"))
                .hasMessageContaining("'URGENT'");
    }

    @Test
    void thresholds_must_increase_strictly() {
        assertThatThrownBy(() -> new EscalationSchedule(EscalationLadder.DEFAULT,
                List.of(new Step(5, "REMINDER"), new Step(5, "NOTICE"))))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("steps"))
                .hasMessageContaining("strictly increasing");
    }

    @Test
    void a_later_threshold_cannot_ask_for_a_lower_or_the_same_level() {
        assertThatThrownBy(() -> new EscalationSchedule(EscalationLadder.DEFAULT,
                List.of(new Step(1, "NOTICE"), new Step(5, "REMINDER"))))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("steps"))
                .hasMessageContaining("must climb the ladder");
        assertThatThrownBy(() -> new EscalationSchedule(EscalationLadder.DEFAULT,
                List.of(new Step(1, "NOTICE"), new Step(5, "督办"))))
                .hasMessageContaining("must climb the ladder");
    }

    @Test
    void a_schedule_needs_at_least_one_step() {
        assertThatThrownBy(() -> new EscalationSchedule(EscalationLadder.DEFAULT, List.of()))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("steps"));
    }

    @Test
    void a_step_starts_at_one_working_day_overdue_and_names_a_level() {
        assertThatThrownBy(() -> new Step(0, "REMINDER"))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("workingDaysOverdue"));
        assertThatThrownBy(() -> new Step(1, " "))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("levelCode"));
    }
}
