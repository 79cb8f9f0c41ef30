package dev.closeout.domain.time;

import org.junit.jupiter.api.Test;

import static dev.closeout.domain.time.Timelines.d;
import static dev.closeout.domain.time.Timelines.open;
import static org.assertj.core.api.Assertions.assertThat;

class OverdueRuleTest {

    private final OverdueRule rule = new OverdueRule();

    @Test
    void an_item_is_red_the_day_after_its_due_date() {
        assertThat(rule.assess(open("2025-03-01", "2025-03-10"), d("2025-03-11")))
                .contains(new ColourRule.Finding(Colour.RED, ColourReason.OVERDUE));
    }

    @Test
    void an_item_is_not_overdue_on_its_due_date() {
        assertThat(rule.assess(open("2025-03-01", "2025-03-10"), d("2025-03-10"))).isEmpty();
    }

    @Test
    void an_item_due_on_a_holiday_is_overdue_the_next_day_even_if_that_is_a_holiday_too() {
        assertThat(rule.assess(open("2025-01-02", "2025-01-29"), d("2025-01-30"))).isPresent();
    }
}
