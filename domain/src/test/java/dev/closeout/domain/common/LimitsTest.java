package dev.closeout.domain.common;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LimitsTest {

    @Test
    void dates_from_1949_to_2199_are_accepted() {
        assertThat(Limits.date(LocalDate.of(1949, 1, 1), "dueDate")).isEqualTo(LocalDate.of(1949, 1, 1));
        assertThat(Limits.date(LocalDate.of(2199, 12, 31), "dueDate")).isEqualTo(LocalDate.of(2199, 12, 31));
        assertThat(Limits.date(null, "dueDate")).isNull();
    }

    @Test
    void a_date_outside_the_calendar_range_is_refused_naming_the_field_and_the_range() {
        for (LocalDate date : new LocalDate[] {LocalDate.MIN, LocalDate.of(1948, 12, 31), LocalDate.of(2200, 1, 1),
                LocalDate.parse("+99999-12-31"), LocalDate.ofEpochDay(1767139200), LocalDate.MAX}) {
            assertThatThrownBy(() -> Limits.date(date, "dueDate"))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessage("dueDate must be between 1949-01-01 and 2199-12-31");
        }
    }

    @Test
    void a_required_date_must_be_given() {
        assertThatThrownBy(() -> Limits.requiredDate(null, "newDueDate"))
                .isInstanceOf(InvalidValueException.class).hasMessage("newDueDate is required");
    }

    @Test
    void an_instant_outside_the_calendar_range_is_refused() {
        assertThatThrownBy(() -> Limits.instant(Instant.parse("2200-01-01T00:00:00Z"), "receivedAt"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("receivedAt must be between");
        assertThat(Limits.instant(Instant.parse("2026-12-01T08:00:00Z"), "receivedAt")).isNotNull();
    }

    @Test
    void working_days_are_counted_from_one_to_two_thousand() {
        assertThat(Limits.workingDays(2000, "dueInWorkingDays")).isEqualTo(2000);
        assertThatThrownBy(() -> Limits.workingDays(20_000_000, "dueInWorkingDays"))
                .isInstanceOf(InvalidValueException.class).hasMessage("dueInWorkingDays must be between 1 and 2000");
        assertThatThrownBy(() -> Limits.workingDays(0, "dueInWorkingDays")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void a_stored_date_beyond_the_range_is_judged_as_the_nearest_day_the_calendar_counts() {
        assertThat(Limits.clamp(LocalDate.MIN)).isEqualTo(Limits.EARLIEST_DATE);
        assertThat(Limits.clamp(LocalDate.MAX)).isEqualTo(Limits.LATEST_DATE);
        assertThat(Limits.clamp(LocalDate.of(2026, 6, 30))).isEqualTo(LocalDate.of(2026, 6, 30));
    }
}
