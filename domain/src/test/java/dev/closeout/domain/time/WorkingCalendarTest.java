package dev.closeout.domain.time;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.time.WorkingCalendar.DayKind;
import dev.closeout.domain.time.WorkingCalendar.SpecialDay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkingCalendarTest {

    private static final WorkingCalendar CN = WorkingCalendar.chinaMainland();

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    void the_shipped_calendar_knows_the_years_of_the_notices_it_holds_and_no_others() {
        assertThat(CN.knownYears()).containsExactly(2023, 2024, 2025, 2026);
        assertThat(CN.knows(2025)).isTrue();
        // a year far off, which no notice added later will name
        assertThat(CN.knows(2190)).isFalse();
    }

    @Test
    void the_days_listed_for_2026_open_with_new_year_and_count_the_make_up_weekends() {
        var days = CN.specialDays(2026);
        assertThat(days.get(0)).isEqualTo(new SpecialDay(d("2026-01-01"), DayKind.HOLIDAY, "元旦"));
        assertThat(days).extracting(SpecialDay::date).isSorted();
        assertThat(days).filteredOn(day -> day.kind() == DayKind.WORKDAY).extracting(SpecialDay::date)
                .containsExactly(d("2026-01-04"), d("2026-02-14"), d("2026-02-28"), d("2026-05-09"),
                        d("2026-09-20"), d("2026-10-10"));
        assertThat(CN.specialDays(2190)).isEmpty();
    }

    @Test
    void a_date_listed_from_the_year_before_does_not_make_that_year_known() {
        assertThat(CN.specialDay(d("2022-12-31"))).contains(new SpecialDay(d("2022-12-31"), DayKind.HOLIDAY, "元旦"));
        assertThat(CN.knows(2022)).isFalse();
    }

    @Test
    void spring_festival_2025_is_off_from_28_january_to_4_february() {
        for (LocalDate day = d("2025-01-28"); !day.isAfter(d("2025-02-04")); day = day.plusDays(1)) {
            assertThat(CN.isWorkingDay(day)).as(day.toString()).isFalse();
        }
        assertThat(CN.isWorkingDay(d("2025-01-27"))).isTrue();
        assertThat(CN.isWorkingDay(d("2025-02-05"))).isTrue();
    }

    @Test
    void sunday_26_january_and_saturday_8_february_2025_are_make_up_working_days() {
        assertThat(CN.isWorkingDay(d("2025-01-26"))).isTrue();
        assertThat(CN.isWorkingDay(d("2025-02-08"))).isTrue();
        assertThat(CN.specialDay(d("2025-01-26"))).map(SpecialDay::kind).contains(DayKind.WORKDAY);
    }

    @Test
    void an_ordinary_weekend_is_off_and_an_ordinary_weekday_works() {
        assertThat(CN.isWorkingDay(d("2025-03-08"))).isFalse();
        assertThat(CN.isWorkingDay(d("2025-03-09"))).isFalse();
        assertThat(CN.isWorkingDay(d("2025-03-10"))).isTrue();
        assertThat(CN.specialDay(d("2025-03-10"))).isEmpty();
    }

    @Test
    void national_day_2025_merges_with_mid_autumn_into_eight_days_off_with_two_weekend_days_worked() {
        assertThat(CN.isWorkingDay(d("2025-09-28"))).isTrue();
        assertThat(CN.isWorkingDay(d("2025-10-01"))).isFalse();
        assertThat(CN.isWorkingDay(d("2025-10-08"))).isFalse();
        assertThat(CN.isWorkingDay(d("2025-10-11"))).isTrue();
        assertThat(CN.addWorkingDays(d("2025-09-30"), 1)).isEqualTo(d("2025-10-09"));
    }

    @Test
    void national_day_2026_is_seven_days_with_sunday_20_september_and_saturday_10_october_worked() {
        assertThat(CN.isWorkingDay(d("2026-09-20"))).isTrue();
        assertThat(CN.isWorkingDay(d("2026-10-07"))).isFalse();
        assertThat(CN.isWorkingDay(d("2026-10-08"))).isTrue();
        assertThat(CN.isWorkingDay(d("2026-10-10"))).isTrue();
    }

    @Test
    void three_working_days_from_the_friday_before_spring_festival_2025_run_over_the_make_up_sunday() {
        LocalDate friday = d("2025-01-24");
        assertThat(CN.addWorkingDays(friday, 1)).isEqualTo(d("2025-01-26"));
        assertThat(CN.addWorkingDays(friday, 2)).isEqualTo(d("2025-01-27"));
        assertThat(CN.addWorkingDays(friday, 3)).isEqualTo(d("2025-02-05"));
    }

    @Test
    void one_working_day_after_new_years_eve_2025_is_the_make_up_sunday_4_january_2026() {
        assertThat(CN.addWorkingDays(d("2025-12-31"), 1)).isEqualTo(d("2026-01-04"));
        assertThat(CN.addWorkingDays(d("2025-12-31"), 2)).isEqualTo(d("2026-01-05"));
    }

    @Test
    void the_2023_new_year_holiday_that_began_on_31_december_2022_is_crossed_into_the_new_year() {
        assertThat(CN.addWorkingDays(d("2022-12-30"), 1)).isEqualTo(d("2023-01-03"));
    }

    @Test
    void adding_zero_working_days_keeps_a_working_day_and_moves_a_day_off_to_the_next_working_day() {
        assertThat(CN.addWorkingDays(d("2025-01-27"), 0)).isEqualTo(d("2025-01-27"));
        assertThat(CN.addWorkingDays(d("2025-01-28"), 0)).isEqualTo(d("2025-02-05"));
        assertThat(CN.addWorkingDays(d("2025-03-08"), 0)).isEqualTo(d("2025-03-10"));
    }

    @Test
    void a_negative_number_of_working_days_cannot_be_added() {
        assertThatThrownBy(() -> CN.addWorkingDays(d("2025-01-27"), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }

    @Test
    void working_days_between_count_the_end_day_but_not_the_start_day() {
        assertThat(CN.workingDaysBetween(d("2025-03-10"), d("2025-03-10"))).isZero();
        assertThat(CN.workingDaysBetween(d("2025-03-10"), d("2025-03-11"))).isEqualTo(1);
        assertThat(CN.workingDaysBetween(d("2025-03-07"), d("2025-03-10"))).isEqualTo(1);
        assertThat(CN.workingDaysBetween(d("2025-01-24"), d("2025-02-05"))).isEqualTo(3);
    }

    @Test
    void working_days_between_are_negative_with_the_same_count_when_the_end_is_before_the_start() {
        assertThat(CN.workingDaysBetween(d("2025-02-05"), d("2025-01-24"))).isEqualTo(-3);
        assertThat(CN.workingDaysBetween(d("2025-03-10"), d("2025-03-07"))).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0} + {1} working days")
    @CsvSource({"2025-01-24, 1", "2025-01-24, 7", "2025-09-26, 4", "2025-12-30, 3", "2024-02-08, 10", "2023-06-21, 2"})
    void the_working_days_between_a_date_and_n_working_days_later_are_n(String start, int n) {
        LocalDate from = d(start);
        assertThat(CN.workingDaysBetween(from, CN.addWorkingDays(from, n))).isEqualTo(n);
    }

    /** Counts worked out by hand from each notice: 365 or 366 days, less weekends and days off, plus days worked. */
    @ParameterizedTest(name = "{0} has {1} working days")
    @CsvSource({"2023, 249", "2024, 251", "2025, 248", "2026, 248"})
    void each_known_year_has_the_number_of_working_days_its_notice_gives(int year, int workingDays) {
        assertThat(CN.workingDaysBetween(LocalDate.of(year - 1, 12, 31), LocalDate.of(year, 12, 31))).isEqualTo(workingDays);
    }

    @Test
    void a_year_without_a_notice_is_counted_as_plain_weekdays_and_weekends() {
        // a year far off, which no notice added later will name: 1 January 2190 is a Friday
        assertThat(CN.isWorkingDay(d("2190-01-01"))).isTrue();
        assertThat(CN.isWorkingDay(d("2190-01-02"))).isFalse();
    }

    @Test
    void a_new_years_notice_can_be_added_from_text() {
        WorkingCalendar withNext = CN.with(WorkingCalendar.parse("""
                # a later notice, as an office would add it
                year 2027
                2027-01-01 HOLIDAY 元旦
                """));
        assertThat(withNext.knows(2027)).isTrue();
        assertThat(withNext.isWorkingDay(d("2027-01-01"))).isFalse();
        assertThat(withNext.isWorkingDay(d("2025-01-26"))).isTrue();
    }

    @Test
    void a_date_listed_again_by_an_added_calendar_takes_the_added_kind() {
        WorkingCalendar corrected = CN.with(WorkingCalendar.parse("year 2025\n2025-01-27 HOLIDAY 春节"));
        assertThat(corrected.isWorkingDay(d("2025-01-27"))).isFalse();
    }

    /**
     * A corrected 2026 notice moves the National Day make-up Sunday from 20 to 27 September (the Mid-Autumn
     * days it listed move too): the shipped notice's 20 September is a Sunday off again, not a stale working day.
     */
    @Test
    void a_notice_for_a_year_already_known_replaces_that_years_days_entirely() {
        WorkingCalendar corrected = CN.with(WorkingCalendar.parse("""
                year 2026
                2026-09-27 WORKDAY 国庆节
                2026-10-01 HOLIDAY 国庆节
                2026-10-02 HOLIDAY 国庆节
                """));
        assertThat(corrected.isWorkingDay(d("2026-09-20"))).as("the make-up day moved away").isFalse();
        assertThat(corrected.isWorkingDay(d("2026-09-27"))).as("the make-up day moved here").isTrue();
        assertThat(corrected.specialDays(2026)).extracting(SpecialDay::date)
                .containsExactly(d("2026-09-27"), d("2026-10-01"), d("2026-10-02"));
        assertThat(corrected.isWorkingDay(d("2026-01-04"))).as("the shipped notice's other days are gone").isFalse();
        assertThat(corrected.knownYears()).as("the year corrected, no other, whichever notices ship")
                .isEqualTo(CN.knownYears()).contains(2026);
        assertThat(corrected.specialDays(2025)).isEqualTo(CN.specialDays(2025));
    }

    /** The 2023 notice lists 31 December 2022 (New Year's span): a corrected 2023 notice takes it along. */
    @Test
    void a_replaced_notice_takes_its_days_of_the_year_before_with_it_and_leaves_the_year_befores_own() {
        WorkingCalendar corrected = CN.with(WorkingCalendar.parse("year 2023\n2023-01-02 HOLIDAY 元旦"));
        assertThat(CN.isWorkingDay(d("2022-12-31"))).isFalse();
        assertThat(corrected.specialDay(d("2022-12-31"))).isEmpty();
        assertThat(corrected.specialDays(2024)).isEqualTo(CN.specialDays(2024));
    }

    /** Saturday 3 October 2026, a National Day holiday of the shipped notice, worked by the office's own choice. */
    @Test
    void an_offices_own_day_stays_when_the_notice_of_its_year_is_replaced() {
        WorkingCalendar local = CN.with(Set.of(), Set.of(d("2026-10-03")));
        WorkingCalendar corrected = local.with(WorkingCalendar.parse("year 2026\n2026-09-27 WORKDAY 国庆节"));
        assertThat(corrected.isWorkingDay(d("2026-10-03"))).isTrue();
    }

    @Test
    void an_office_can_add_its_own_days_off_and_weekend_days_worked() {
        WorkingCalendar local = CN.with(Set.of(d("2025-03-10")), Set.of(d("2025-03-08")));
        assertThat(local.isWorkingDay(d("2025-03-10"))).isFalse();
        assertThat(local.isWorkingDay(d("2025-03-08"))).isTrue();
        assertThat(local.knownYears()).isEqualTo(CN.knownYears());
    }

    @Test
    void a_local_day_off_overrides_a_make_up_working_day_of_the_notice() {
        WorkingCalendar local = CN.with(Set.of(d("2025-01-26")), Set.of());
        assertThat(local.isWorkingDay(d("2025-01-26"))).isFalse();
    }

    @Test
    void a_local_date_cannot_be_both_off_and_worked() {
        assertThatThrownBy(() -> CN.with(Set.of(d("2025-03-08")), Set.of(d("2025-03-08"))))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("extraWorkdays"));
    }

    @Test
    void a_local_working_day_must_be_a_weekend_day() {
        assertThatThrownBy(() -> CN.with(Set.of(), Set.of(d("2025-03-10"))))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("extraWorkdays"))
                .hasMessageContaining("MONDAY");
    }

    @Test
    void adding_to_a_calendar_leaves_the_original_unchanged() {
        CN.with(Set.of(d("2025-03-10")), Set.of());
        assertThat(CN.isWorkingDay(d("2025-03-10"))).isTrue();
    }

    @Test
    void comments_and_blank_lines_are_ignored_and_names_may_contain_spaces() {
        WorkingCalendar parsed = WorkingCalendar.parse("""

                # heading
                year 2030   # the notice
                2030-10-01 HOLIDAY National Day # and a note
                """);
        assertThat(parsed.specialDay(d("2030-10-01"))).contains(new SpecialDay(d("2030-10-01"), DayKind.HOLIDAY, "National Day"));
    }

    static Stream<Arguments> malformedTexts() {
        return Stream.of(
                Arguments.of("2025-01-28 HOLIDAY 春节", "a date must follow a 'year YYYY' line"),
                Arguments.of("year 25", "expected 'year YYYY'"),
                Arguments.of("year 2025\n2025-01-28 HOLIDAY", "expected 'yyyy-MM-dd HOLIDAY|WORKDAY name'"),
                Arguments.of("year 2025\n2025-02-30 HOLIDAY 春节", "'2025-02-30' is not a date (yyyy-MM-dd)"),
                Arguments.of("year 2025\n2025-01-28 OFF 春节", "'OFF' is not HOLIDAY or WORKDAY"),
                Arguments.of("year 2025\n2025-01-27 WORKDAY 春节",
                        "2025-01-27 is a MONDAY; a WORKDAY (调休上班) is a weekend day worked instead"),
                Arguments.of("year 2025\n2052-01-28 HOLIDAY 春节", "2052-01-28 is not in 2025 or the end of the year before"),
                Arguments.of("year 2025\n2025-01-28 HOLIDAY 春节\n2025-01-28 HOLIDAY 春节", "2025-01-28 is already listed on line 2"),
                Arguments.of("year 2025\nyear 2025", "year 2025 is opened twice"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformedTexts")
    void a_malformed_line_is_rejected_with_its_number_and_what_is_wrong(String text, String reason) {
        int lineNumber = text.split("\n").length;
        assertThatThrownBy(() -> WorkingCalendar.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Holiday calendar line " + lineNumber + " ")
                .hasMessageContaining(reason);
    }

    @Test
    void working_days_between_any_two_days_of_the_listed_years_match_a_day_by_day_count() {
        LocalDate first = d("2022-12-01");
        LocalDate last = d("2027-01-31");
        for (LocalDate from = first; from.isBefore(last); from = from.plusDays(37)) {
            for (LocalDate to = first; to.isBefore(last); to = to.plusDays(23)) {
                assertThat(CN.workingDaysBetween(from, to)).as("%s to %s", from, to).isEqualTo(countedDayByDay(from, to));
            }
        }
    }

    @Test
    void working_days_between_the_ends_of_time_are_counted_without_walking_the_days() {
        assertThat(CN.workingDaysBetween(LocalDate.MIN, LocalDate.MAX)).isEqualTo(Integer.MAX_VALUE);
        assertThat(CN.workingDaysBetween(LocalDate.MAX, LocalDate.MIN)).isEqualTo(-Integer.MAX_VALUE);
        assertThat(CN.workingDaysBetween(d("2026-12-01"), d("+99999-12-31"))).isPositive();
    }

    private static int countedDayByDay(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            return -countedDayByDay(to, from);
        }
        int count = 0;
        for (LocalDate day = from.plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
            if (CN.isWorkingDay(day)) {
                count++;
            }
        }
        return count;
    }
}
