package dev.closeout.application.spreadsheet;

import dev.closeout.domain.common.InvalidValueException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OfficeDatesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2026-06-30|2026-06-30", "2026/6/30|2026-06-30", "2026.6.30|2026-06-30", "20260630|2026-06-30",
            "2026年6月30日|2026-06-30", "２０２６年６月３０日|2026-06-30", "2026年6月30号前|2026-06-30",
            "2026/6/30 0:00|2026-06-30", "2026-06-30 00:00:00|2026-06-30", "2026年 6月 30日之前|2026-06-30",
            "2026年6月底|2026-06-30", "2026年2月底前|2026-02-28", "2028年2月末|2028-02-29", "2026年底前|2026-12-31"})
    void a_date_as_offices_write_it_is_read_as_that_day(String written, LocalDate day) {
        assertThat(OfficeDates.parse(written, "dueDate")).isEqualTo(day);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "6月底前|names no year", "6月30日|names no year", "2026年6月|names no day", "46203|is a number",
            "2026-02-30|is not a day of the calendar", "2026年13月底|is not a day of the calendar",
            "尽快|is not a date", "26/6/30|is not a date", "2026上半年|is not a date"})
    void words_that_name_no_single_day_are_refused_naming_why(String written, String why) {
        assertThatThrownBy(() -> OfficeDates.parse(written, "dueDate"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("「" + written + "」 " + why)
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("dueDate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\u3000"})
    void a_blank_cell_is_no_date(String written) {
        assertThat(OfficeDates.parse(written, "dueDate")).isNull();
    }
}
