package dev.closeout.domain.time;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.closeout.domain.time.Timelines.d;
import static org.assertj.core.api.Assertions.assertThat;

class ReferralReportBackOverdueRuleTest {

    private final ReferralReportBackOverdueRule rule = new ReferralReportBackOverdueRule();
    private final ColourPolicy policy = ColourPolicy.standard(WorkingCalendar.chinaMainland(), ColourThresholds.DEFAULT);

    private static ItemTimeline awaitingReportBackBy(String due) {
        return new ItemTimeline(d("2025-01-02"), d("2025-12-31"), d("2025-03-30"), 30, true, null,
                due == null ? null : d(due));
    }

    @Test
    void a_report_back_due_today_is_not_overdue() {
        assertThat(rule.assess(awaitingReportBackBy("2025-03-31"), d("2025-03-31"))).isEmpty();
    }

    @Test
    void the_policy_turns_an_otherwise_blue_task_red_for_its_report_back_overdue_alone() {
        assertThat(policy.assess(awaitingReportBackBy("2025-03-31"), d("2025-04-01")))
                .isEqualTo(new Assessment(Colour.RED, List.of(ColourReason.REFERRAL_REPORT_BACK_OVERDUE)));
    }

    @Test
    void an_item_reported_back_or_not_referred_has_nothing_to_say() {
        assertThat(rule.assess(awaitingReportBackBy(null), d("2025-04-01"))).isEmpty();
    }
}
