package dev.closeout.domain.time;

import org.junit.jupiter.api.Test;

import static dev.closeout.domain.time.Timelines.d;
import static dev.closeout.domain.time.Timelines.open;
import static org.assertj.core.api.Assertions.assertThat;

class StaleProgressRuleTest {

    private final StaleProgressRule rule = new StaleProgressRule(14);

    @Test
    void an_item_never_reported_on_is_yellow_fourteen_days_after_registration() {
        assertThat(rule.assess(open("2025-03-01", "2025-06-30"), d("2025-03-15")))
                .contains(new ColourRule.Finding(Colour.YELLOW, ColourReason.NO_RECENT_PROGRESS));
    }

    @Test
    void an_item_never_reported_on_is_not_stale_thirteen_days_after_registration() {
        assertThat(rule.assess(open("2025-03-01", "2025-06-30"), d("2025-03-14"))).isEmpty();
    }

    @Test
    void silence_is_counted_from_the_latest_progress_report() {
        ItemTimeline reported = open("2025-03-01", "2025-06-30", "2025-03-10", 20);
        assertThat(rule.assess(reported, d("2025-03-23"))).isEmpty();
        assertThat(rule.assess(reported, d("2025-03-24"))).isPresent();
    }

    @Test
    void a_report_dated_before_registration_does_not_make_an_item_stale_sooner() {
        assertThat(rule.assess(open("2025-03-01", "2025-06-30", "2025-02-01", 20), d("2025-03-14"))).isEmpty();
    }

    @Test
    void silence_is_counted_in_calendar_days_through_holidays() {
        assertThat(rule.assess(open("2025-01-25", "2025-06-30"), d("2025-02-08"))).isPresent();
    }
}
