package dev.closeout.domain.time;

import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.time.DeadlinePolicy.AutomaticEscalation;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static dev.closeout.domain.time.Timelines.d;
import static org.assertj.core.api.Assertions.assertThat;

class DeadlineWatchTest {

    private final DeadlinePolicy policy = DeadlinePolicy.standard(ZoneId.of("Asia/Shanghai"));
    private final EscalationLadder ladder = EscalationLadder.DEFAULT;
    private final List<LocalDate> overdue = new ArrayList<>();
    private final List<AutomaticEscalation> escalations = new ArrayList<>();

    private boolean chase(DeadlineWatch watch, String today) {
        return watch.chaseOverdue(d(today), policy, ladder, overdue::add, escalations::add);
    }

    private static DeadlineWatch dueOn(String dueDate) {
        DeadlineWatch watch = new DeadlineWatch();
        watch.due(d(dueDate));
        return watch;
    }

    @Test
    void an_item_on_its_due_day_is_not_chased() {
        assertThat(chase(dueOn("2025-03-10"), "2025-03-10")).isFalse();
        assertThat(overdue).isEmpty();
        assertThat(escalations).isEmpty();
    }

    @Test
    void an_item_past_its_due_date_is_recorded_overdue_and_escalated_by_the_schedule() {
        assertThat(chase(dueOn("2025-03-10"), "2025-03-11")).isTrue();
        assertThat(overdue).containsExactly(d("2025-03-10"));
        assertThat(escalations).extracting(up -> up.level().code()).containsExactly("REMINDER");
    }

    @Test
    void an_item_recorded_overdue_for_its_due_date_is_not_recorded_again_until_a_new_due_date() {
        DeadlineWatch watch = dueOn("2025-03-10");
        watch.recordedOverdue(d("2025-03-10"));
        watch.escalated("REMINDER");
        chase(watch, "2025-03-12");
        assertThat(overdue).isEmpty();

        watch.due(d("2025-03-11"));
        chase(watch, "2025-03-12");
        assertThat(overdue).containsExactly(d("2025-03-11"));
    }

    @Test
    void an_item_escalated_by_hand_above_the_schedule_is_not_escalated_down() {
        DeadlineWatch watch = dueOn("2025-03-10");
        watch.escalated("SPECIAL_DISPATCH");
        chase(watch, "2025-03-18");
        assertThat(escalations).isEmpty();
    }

    @Test
    void due_soon_is_told_once_per_due_date_with_the_working_days_left() {
        DeadlineWatch watch = dueOn("2025-03-13");
        assertThat(watch.newlyDueSoon(d("2025-03-10"), policy, null)).hasValue(3);
        watch.recordedDueSoon(d("2025-03-13"));
        assertThat(watch.newlyDueSoon(d("2025-03-11"), policy, null)).isEmpty();
    }
}
