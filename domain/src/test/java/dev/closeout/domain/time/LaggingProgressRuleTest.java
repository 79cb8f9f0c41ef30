package dev.closeout.domain.time;

import org.junit.jupiter.api.Test;

import static dev.closeout.domain.time.Timelines.d;
import static dev.closeout.domain.time.Timelines.open;
import static org.assertj.core.api.Assertions.assertThat;

class LaggingProgressRuleTest {

    private final LaggingProgressRule rule = new LaggingProgressRule(30);

    /** Ten days from registration to due date; on 6 January half the time is gone. */
    private static ItemTimeline reported(int percentComplete) {
        return open("2025-01-01", "2025-01-11", "2025-01-05", percentComplete);
    }

    @Test
    void half_the_time_gone_with_19_percent_done_is_more_than_30_points_behind() {
        assertThat(rule.assess(reported(19), d("2025-01-06")))
                .contains(new ColourRule.Finding(Colour.YELLOW, ColourReason.LAGGING));
    }

    @Test
    void half_the_time_gone_with_20_percent_done_is_exactly_30_points_behind_and_not_lagging() {
        assertThat(rule.assess(reported(20), d("2025-01-06"))).isEmpty();
    }

    @Test
    void past_the_due_date_all_the_time_is_used() {
        assertThat(rule.assess(reported(69), d("2025-02-01"))).isPresent();
        assertThat(rule.assess(reported(70), d("2025-02-01"))).isEmpty();
    }

    @Test
    void an_item_with_no_percentage_reported_is_not_judged_on_lag() {
        assertThat(rule.assess(open("2025-01-01", "2025-01-11"), d("2025-01-10"))).isEmpty();
    }

    @Test
    void an_item_due_the_day_it_was_registered_is_not_lagging_that_day() {
        assertThat(rule.assess(open("2025-01-01", "2025-01-01", null, 0), d("2025-01-01"))).isEmpty();
        assertThat(rule.assess(open("2025-01-01", "2025-01-01", null, 0), d("2025-01-02"))).isPresent();
    }

    @Test
    void an_item_registered_already_past_its_due_date_has_used_all_its_time() {
        assertThat(rule.assess(open("2025-03-01", "2025-02-01", null, 50), d("2025-03-02"))).isPresent();
    }
}
