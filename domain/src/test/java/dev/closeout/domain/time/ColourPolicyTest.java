package dev.closeout.domain.time;

import dev.closeout.domain.common.InvalidValueException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.closeout.domain.time.ColourReason.DUE_SOON;
import static dev.closeout.domain.time.ColourReason.LAGGING;
import static dev.closeout.domain.time.ColourReason.NO_RECENT_PROGRESS;
import static dev.closeout.domain.time.ColourReason.OVERDUE;
import static dev.closeout.domain.time.Timelines.d;
import static dev.closeout.domain.time.Timelines.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColourPolicyTest {

    private final ColourPolicy policy = ColourPolicy.standard(WorkingCalendar.chinaMainland(), ColourThresholds.DEFAULT);

    @Test
    void an_item_reported_on_and_far_from_its_due_date_is_blue_with_no_reasons() {
        assertThat(policy.assess(open("2025-03-01", "2025-06-30", "2025-03-10", 10), d("2025-03-12")))
                .isEqualTo(new Assessment(Colour.BLUE, List.of()));
    }

    @Test
    void an_overdue_item_that_has_gone_silent_is_red_and_says_both() {
        assertThat(policy.assess(open("2025-03-01", "2025-03-10"), d("2025-03-20")))
                .isEqualTo(new Assessment(Colour.RED, List.of(OVERDUE, NO_RECENT_PROGRESS)));
    }

    @Test
    void an_item_due_soon_and_behind_is_yellow_for_both_reasons() {
        assertThat(policy.assess(open("2025-03-01", "2025-03-13", "2025-03-07", 10), d("2025-03-10")))
                .isEqualTo(new Assessment(Colour.YELLOW, List.of(DUE_SOON, LAGGING)));
    }

    @Test
    void a_complaint_heard_nothing_of_for_a_month_but_far_from_its_due_date_is_blue() {
        ColourPolicy complaints = ColourPolicy.forComplaints(WorkingCalendar.chinaMainland(), ColourThresholds.DEFAULT);
        assertThat(complaints.assess(open("2025-03-03", "2025-05-02"), d("2025-04-02")))
                .isEqualTo(new Assessment(Colour.BLUE, List.of()));
    }

    @Test
    void a_complaint_is_yellow_near_its_due_date_and_red_past_it_for_that_alone() {
        ColourPolicy complaints = ColourPolicy.forComplaints(WorkingCalendar.chinaMainland(), ColourThresholds.DEFAULT);
        assertThat(complaints.assess(open("2025-03-03", "2025-05-02"), d("2025-04-29")))
                .isEqualTo(new Assessment(Colour.YELLOW, List.of(DUE_SOON)));
        assertThat(complaints.assess(open("2025-03-03", "2025-05-02"), d("2025-05-06")))
                .isEqualTo(new Assessment(Colour.RED, List.of(OVERDUE)));
    }

    @Test
    void a_closed_item_is_blue_with_no_reasons_however_late_it_was() {
        ItemTimeline closed = new ItemTimeline(d("2025-03-01"), d("2025-03-10"), null, 0, false);
        assertThat(policy.assess(closed, d("2025-12-31"))).isEqualTo(Assessment.onTrack());
    }

    @Test
    void an_office_can_widen_the_due_soon_warning() {
        ColourPolicy early = ColourPolicy.standard(WorkingCalendar.chinaMainland(), new ColourThresholds(5, 14, 30));
        ItemTimeline item = open("2025-03-01", "2025-03-17", "2025-03-07", 50);
        assertThat(policy.assess(item, d("2025-03-10")).colour()).isEqualTo(Colour.BLUE);
        assertThat(early.assess(item, d("2025-03-10"))).isEqualTo(new Assessment(Colour.YELLOW, List.of(DUE_SOON)));
    }

    @Test
    void the_default_thresholds_are_three_working_days_fourteen_days_and_thirty_points() {
        assertThat(ColourThresholds.DEFAULT).isEqualTo(new ColourThresholds(3, 14, 30));
    }

    @Test
    void thresholds_out_of_range_name_the_threshold() {
        assertThatThrownBy(() -> new ColourThresholds(-1, 14, 30))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("dueSoonWorkingDays"));
        assertThatThrownBy(() -> new ColourThresholds(3, 0, 30))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("staleProgressDays"));
        assertThatThrownBy(() -> new ColourThresholds(3, 14, 101))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("lagPoints"));
    }

    @Test
    void a_timeline_needs_its_registration_and_due_dates_and_a_percentage_from_0_to_100() {
        assertThatThrownBy(() -> new ItemTimeline(null, d("2025-03-10"), null, null, true))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("registeredOn"));
        assertThatThrownBy(() -> new ItemTimeline(d("2025-03-01"), null, null, null, true))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("dueDate"));
        assertThatThrownBy(() -> new ItemTimeline(d("2025-03-01"), d("2025-03-10"), null, 101, true))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("percentComplete"));
    }

    @Test
    void red_is_worse_than_yellow_and_yellow_worse_than_blue() {
        assertThat(Colour.BLUE.worse(Colour.YELLOW)).isEqualTo(Colour.YELLOW);
        assertThat(Colour.RED.worse(Colour.YELLOW)).isEqualTo(Colour.RED);
        assertThat(Colour.YELLOW.worse(Colour.BLUE)).isEqualTo(Colour.YELLOW);
    }

    @Test
    void colours_are_shown_as_blue_yellow_red_in_chinese() {
        assertThat(List.of(Colour.BLUE.label(), Colour.YELLOW.label(), Colour.RED.label())).containsExactly("蓝", "黄", "红");
    }
}
