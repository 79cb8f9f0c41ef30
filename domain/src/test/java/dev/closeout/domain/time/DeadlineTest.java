package dev.closeout.domain.time;

import dev.closeout.domain.common.InvalidValueException;
import org.junit.jupiter.api.Test;

import static dev.closeout.domain.time.Timelines.d;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlineTest {

    private static final WorkingCalendar CN = WorkingCalendar.chinaMainland();

    @Test
    void a_deadline_given_as_a_date_is_that_date() {
        assertThat(Deadline.on(d("2025-03-31")).resolve(d("2025-03-01"), CN)).isEqualTo(d("2025-03-31"));
    }

    @Test
    void a_date_given_on_a_holiday_is_kept() {
        assertThat(Deadline.on(d("2025-10-03")).resolve(d("2025-09-01"), CN)).isEqualTo(d("2025-10-03"));
    }

    @Test
    void thirteen_working_days_from_registration_skip_weekends_and_count_make_up_days() {
        // From Wed 17 Sep 2025: 18, 19, 22-26 (7), Sun 28 worked (8), 29, 30 (10), then 9, 10, Sat 11 worked.
        assertThat(Deadline.inWorkingDays(13).resolve(d("2025-09-17"), CN)).isEqualTo(d("2025-10-11"));
    }

    @Test
    void one_working_day_from_the_eve_of_spring_festival_2026_is_after_the_holiday() {
        assertThat(Deadline.inWorkingDays(1).resolve(d("2026-02-13"), CN)).isEqualTo(d("2026-02-14"));
        assertThat(Deadline.inWorkingDays(2).resolve(d("2026-02-13"), CN)).isEqualTo(d("2026-02-24"));
    }

    @Test
    void a_deadline_needs_a_date_or_a_number_of_working_days() {
        assertThatThrownBy(() -> new Deadline(null, null))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("dueDate"));
    }

    @Test
    void a_deadline_cannot_be_both_a_date_and_a_number_of_working_days() {
        assertThatThrownBy(() -> new Deadline(d("2025-03-31"), 5))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("dueInWorkingDays"));
    }

    @Test
    void a_deadline_in_working_days_allows_at_least_one() {
        assertThatThrownBy(() -> Deadline.inWorkingDays(0))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("dueInWorkingDays"))
                .hasMessageContaining("between 1 and 2000");
    }
}
