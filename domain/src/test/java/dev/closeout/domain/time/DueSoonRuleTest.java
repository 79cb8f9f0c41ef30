package dev.closeout.domain.time;

import org.junit.jupiter.api.Test;

import static dev.closeout.domain.time.Timelines.d;
import static dev.closeout.domain.time.Timelines.open;
import static org.assertj.core.api.Assertions.assertThat;

class DueSoonRuleTest {

    private final DueSoonRule rule = new DueSoonRule(WorkingCalendar.chinaMainland(), 3);

    @Test
    void an_item_due_in_three_working_days_is_yellow() {
        assertThat(rule.assess(open("2025-03-01", "2025-03-13"), d("2025-03-10")))
                .contains(new ColourRule.Finding(Colour.YELLOW, ColourReason.DUE_SOON));
    }

    @Test
    void an_item_due_in_four_working_days_is_not_yet_due_soon() {
        assertThat(rule.assess(open("2025-03-01", "2025-03-14"), d("2025-03-10"))).isEmpty();
    }

    @Test
    void an_item_due_today_is_due_soon() {
        assertThat(rule.assess(open("2025-03-01", "2025-03-10"), d("2025-03-10"))).isPresent();
    }

    @Test
    void twelve_calendar_days_across_spring_festival_2025_are_only_three_working_days() {
        assertThat(rule.assess(open("2025-01-02", "2025-02-05"), d("2025-01-24"))).isPresent();
        assertThat(rule.assess(open("2025-01-02", "2025-02-06"), d("2025-01-24"))).isEmpty();
    }

    @Test
    void an_overdue_item_is_left_to_the_overdue_rule() {
        assertThat(rule.assess(open("2025-03-01", "2025-03-10"), d("2025-03-11"))).isEmpty();
    }

    @Test
    void with_no_warning_period_only_the_due_day_itself_is_due_soon() {
        DueSoonRule noWarning = new DueSoonRule(WorkingCalendar.chinaMainland(), 0);
        assertThat(noWarning.assess(open("2025-03-01", "2025-03-11"), d("2025-03-10"))).isEmpty();
        assertThat(noWarning.assess(open("2025-03-01", "2025-03-10"), d("2025-03-10"))).isPresent();
    }
}
