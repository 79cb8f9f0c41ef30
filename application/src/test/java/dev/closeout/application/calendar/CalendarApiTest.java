package dev.closeout.application.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CalendarApiTest extends IntegrationTest {

    @Test
    void a_year_with_its_notice_lists_its_holidays_and_make_up_weekends() {
        JsonNode year = deptA.get("/api/calendar/2026").json();
        assertThat(year.get("noticeHeld").asBoolean()).isTrue();
        assertThat(year.get("workingDays").asInt()).isEqualTo(248);
        List<String> worked = new ArrayList<>();
        year.get("days").forEach(day -> {
            if (day.get("kind").asText().equals("WORKDAY")) {
                worked.add(day.get("date").asText());
            }
        });
        assertThat(worked).containsExactly("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20",
                "2026-10-10");
        assertThat(year.get("days").get(0).get("name").asText()).isEqualTo("元旦");
    }

    @Test
    void a_year_without_its_notice_says_so_and_answers_on_it_are_provisional() {
        // a year far off, which no notice added later will name
        JsonNode year = auditor.get("/api/calendar/2190").json();
        assertThat(year.get("noticeHeld").asBoolean()).isFalse();
        assertThat(year.get("days")).isEmpty();

        JsonNode span = deptB.get("/api/calendar/working-days?from=2189-12-31&to=2190-01-04").json();
        assertThat(span.get("workingDays").asInt()).isEqualTo(2);
        assertThat(span.get("provisional").asBoolean()).isTrue();
    }

    @Test
    void adding_working_days_steps_over_the_national_day_week() {
        JsonNode sum = deptA.get("/api/calendar/add-working-days?from=2026-09-30&days=1").json();
        assertThat(sum.get("date").asText()).isEqualTo("2026-10-08");
        assertThat(sum.get("provisional").asBoolean()).isFalse();
        JsonNode back = deptA.get("/api/calendar/working-days?from=2026-10-08&to=2026-09-30").json();
        assertThat(back.get("workingDays").asInt()).isEqualTo(-1);
    }

    @Test
    void bad_input_is_a_bad_request_naming_the_field_and_the_calendar_needs_a_sign_in() {
        assertField(deptA.get("/api/calendar/20260"), "year");
        assertField(deptA.get("/api/calendar/add-working-days?from=2026-09-30&days=-1"), "days");
        assertField(deptA.get("/api/calendar/add-working-days?from=30.09.2026&days=1"), "from");
        assertField(deptA.get("/api/calendar/working-days?from=2000-01-01&to=2026-01-01"), "to");
        assertField(deptA.get("/api/calendar/add-working-days?from=%2B999999999-12-30&days=5"), "from");
        assertField(deptA.get("/api/calendar/working-days?from=2026-01-01&to=9999-01-01"), "to");
        assertThat(anonymous.get("/api/calendar/2026").status()).isEqualTo(401);
    }

    private static void assertField(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo(field);
    }
}
