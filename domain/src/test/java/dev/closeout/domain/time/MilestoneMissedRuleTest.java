package dev.closeout.domain.time;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.closeout.domain.time.Timelines.d;
import static org.assertj.core.api.Assertions.assertThat;

class MilestoneMissedRuleTest {

    private final MilestoneMissedRule rule = new MilestoneMissedRule();
    private final ColourPolicy policy = ColourPolicy.standard(WorkingCalendar.chinaMainland(), ColourThresholds.DEFAULT);

    private static ItemTimeline waitingOn(String milestoneDue) {
        return new ItemTimeline(d("2025-01-02"), d("2025-12-31"), d("2025-03-30"), 30, true,
                milestoneDue == null ? null : d(milestoneDue));
    }

    @Test
    void a_milestone_due_today_is_not_missed() {
        assertThat(rule.assess(waitingOn("2025-03-31"), d("2025-03-31"))).isEmpty();
    }

    @Test
    void a_milestone_past_its_date_and_waiting_on_the_department_turns_the_item_yellow() {
        assertThat(rule.assess(waitingOn("2025-03-31"), d("2025-04-01")))
                .contains(new ColourRule.Finding(Colour.YELLOW, ColourReason.MILESTONE_MISSED));
    }

    @Test
    void an_item_with_no_milestone_waiting_has_nothing_to_say() {
        assertThat(rule.assess(waitingOn(null), d("2025-04-01"))).isEmpty();
    }

    @Test
    void the_policy_gives_an_otherwise_blue_task_yellow_for_its_missed_milestone_alone() {
        assertThat(policy.assess(waitingOn("2025-03-31"), d("2025-04-01")))
                .isEqualTo(new Assessment(Colour.YELLOW, List.of(ColourReason.MILESTONE_MISSED)));
    }

    @Test
    void a_closed_task_is_blue_whatever_its_milestones() {
        ItemTimeline closed = new ItemTimeline(d("2025-01-02"), d("2025-12-31"), null, 100, false, d("2025-03-31"));
        assertThat(policy.assess(closed, d("2025-04-01"))).isEqualTo(Assessment.onTrack());
    }
}
