package dev.closeout.application.task;

import dev.closeout.application.support.ApiClient.Response;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.web.IdempotencyKey;
import dev.closeout.domain.complaint.ComplaintId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an attacker or a careless clerk sends is refused with 400 naming the field, and nothing is
 * stored: values outside the bounds, values of the wrong JSON type, text that only looks filled in.
 */
class HostileInputTest extends IntegrationTest {

    private Map<String, Object> task(Object... overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("ledger", uniqueLedger("边界台账"), "title", "整治背街小巷",
                "leadDepartment", "DEPT-A", "dueDate", "2026-06-30"));
        for (int i = 0; i < overrides.length; i += 2) {
            body.put((String) overrides[i], overrides[i + 1]);
        }
        return body;
    }

    /** The answer is a 400 problem naming {@code field}, and the event store is unchanged. */
    private void assertRegistrationRefused(Map<String, Object> body, String field) {
        long before = storedEvents();
        Response response = supervisor.post("/api/tasks", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("field").asText()).as(response.body()).isEqualTo(field);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-999999999-01-01", "+99999-12-31", "1948-12-31", "2200-01-01", "2026-1-5", "30/06/2026"})
    void a_due_date_outside_the_calendar_or_not_in_iso_form_is_refused(String dueDate) {
        assertRegistrationRefused(task("dueDate", dueDate), "dueDate");
    }

    /**
     * A date in a query parameter is held to the calendar's range as a date in a body is: {@code -999999999-01-01}
     * parses, and the day before it (the default start of a trend) is no {@code LocalDate}, which was a 500.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "supervisor /api/ledgers/any/trend?to=-999999999-01-01 to",
            "supervisor /api/ledgers/any?asOf=0001-01-01 asOf",
            "auditor /api/audit/digests?to=-999999999-01-01 to",
            "auditor /api/audit/events?from=%2B999999999-12-31&to=%2B999999999-12-31 from",
            "supervisor /api/complaint-ledger?from=%2B999999999-12-01&to=%2B999999999-12-31 from",
            "auditor /api/scorecards?from=%2B999999999-12-01&to=%2B999999999-12-31 from",
            "supervisor /api/ledgers/any/trend?from=2026-02-30 from"})
    void a_date_parameter_outside_the_calendar_is_refused_naming_it(String request) {
        String[] parts = request.split(" ");
        Response response = ("auditor".equals(parts[0]) ? auditor : supervisor).get(parts[1]);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("field").asText()).isEqualTo(parts[2]);
    }

    /**
     * A field a request does not know is a typo more often than not: a transfer sent with {@code duedate} kept the old
     * time limit and answered 200. Refused now, naming it and the fields the request takes; a field sent twice too.
     */
    @Test
    void a_field_the_request_does_not_know_or_a_field_sent_twice_is_refused_naming_it() {
        String ledger = uniqueLedger("字段拼写");
        Map<String, Object> typo = task("ledger", ledger);
        typo.put("supportingDepartment", List.of("DEPT-B"));
        Response unknown = supervisor.post("/api/tasks", typo);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertThat(unknown.json().get("field").asText()).isEqualTo("supportingDepartment");
        assertThat(unknown.json().get("detail").asText()).contains("supportingDepartments");

        Response twice = supervisor.postBytes("/api/tasks", "application/json",
                ("{\"ledger\":\"" + ledger + "\",\"title\":\"一\",\"title\":\"二\",\"leadDepartment\":\"DEPT-A\","
                        + "\"dueDate\":\"" + today().plusDays(9) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(twice.status()).as(twice.toString()).isEqualTo(400);
        assertThat(twice.json().get("field").asText()).isEqualTo("title");
        assertThat(supervisor.get(ledgerPath(ledger)).status()).as("nothing registered").isEqualTo(404);
    }

    /**
     * A parameter that takes one value, sent twice, is refused naming it: {@code department=A&department=B} was read
     * as "A,B", matched nothing and answered an empty 200. One that takes several (colours) still does.
     */
    @Test
    void a_single_valued_parameter_sent_twice_is_refused_naming_it() {
        String ledger = uniqueLedger("重复参数");
        assertThat(supervisor.post("/api/tasks", task("ledger", ledger)).status()).isEqualTo(201);
        // the ledger's lines are projected a batch later: an unknown ledger is a 404
        Eventually.until(Duration.ofSeconds(60), () -> auditor.get(ledgerPath(ledger)).status(), s -> s == 200);
        Response twice = auditor.get(ledgerPath(ledger) + "/entries?department=DEPT-A&department=DEPT-B");
        assertThat(twice.status()).as(twice.toString()).isEqualTo(400);
        assertThat(twice.contentType()).startsWith("application/problem+json");
        assertThat(twice.json().get("field").asText()).isEqualTo("department");
        assertThat(auditor.get(ledgerPath(ledger) + "/entries?colour=RED&colour=BLUE").status()).isEqualTo(200);
    }

    /** {@code colour=BLUE,} (or a bare {@code colour=}) is a choice of nothing beside BLUE, not a 500. */
    @Test
    void an_empty_choice_in_a_list_of_colours_or_alert_types_is_passed_over() {
        String ledger = uniqueLedger("空选项");
        assertThat(supervisor.post("/api/tasks", task("ledger", ledger)).status()).isEqualTo(201);
        awaitProjectionsCaughtUp();

        Response trailing = supervisor.get(ledgerPath(ledger) + "/entries?colour=BLUE,");
        Response alone = supervisor.get(ledgerPath(ledger) + "/entries?colour=BLUE");
        Response bare = supervisor.get(ledgerPath(ledger) + "/entries?colour=");
        Response all = supervisor.get(ledgerPath(ledger) + "/entries");

        assertThat(trailing.status()).as(trailing.toString()).isEqualTo(200);
        assertThat(trailing.json()).isEqualTo(alone.json());
        assertThat(bare.status()).as(bare.toString()).isEqualTo(200);
        assertThat(bare.json()).isEqualTo(all.json()).hasSize(1);
        Response csv = supervisor.get(ledgerPath(ledger) + "/entries.csv?colour=BLUE&colour=");
        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        // given twice, each value is one colour: "BLUE," is none, and the refusal shows what was sent
        Response twice = supervisor.get(ledgerPath(ledger) + "/entries?colour=BLUE,&colour=RED");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().get("detail").asText()).isEqualTo("colour has an unreadable value: BLUE,, RED");
        Response alertTypes = alerts.get("/api/alerts?type=WARNING,");
        assertThat(alertTypes.status()).as(alertTypes.toString()).isEqualTo(200);
        Response search = supervisor.get("/api/search?q=" + encoded("整治") + "&colour=RED,");
        assertThat(search.status()).as(search.toString()).isEqualTo(200);
        // a bare ledger= on the scorecard chooses no ledger named "": it is every ledger, as no ledger= is
        Response scorecard = auditor.get("/api/scorecards?quarter=2026Q1&ledger=");
        assertThat(scorecard.status()).as(scorecard.toString()).isEqualTo(200);
        assertThat(scorecard.json().get("ledgers")).as("ledgers chosen").isEmpty();
    }

    @Test
    void a_whole_number_is_not_taken_as_a_date() {
        assertRegistrationRefused(task("dueDate", 1767139200), "dueDate");
    }

    @Test
    void a_due_date_in_millions_of_working_days_is_refused() {
        Map<String, Object> body = task("dueInWorkingDays", 20_000_000);
        body.remove("dueDate");
        assertRegistrationRefused(body, "dueInWorkingDays");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00A0", "\u200B", "\u3000", " \u200B\u00A0 "})
    void a_title_of_nothing_but_invisible_spaces_is_blank(String title) {
        assertRegistrationRefused(task("title", title), "title");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\r\nb", "COLL\u001fX", ".", ".."})
    void a_ledger_name_that_could_not_be_read_back_is_refused(String ledger) {
        assertRegistrationRefused(task("ledger", ledger), "ledger");
    }

    @Test
    void a_department_name_holding_the_key_separator_of_old_is_refused() {
        assertRegistrationRefused(task("leadDepartment", "X\u001fD"), "leadDepartment");
    }

    @Test
    void a_hundred_thousand_character_leader_and_ten_thousand_supporting_departments_are_refused() {
        assertRegistrationRefused(task("responsibleLeader", "李".repeat(100_000)), "responsibleLeader");
        assertRegistrationRefused(task("supportingDepartments",
                IntStream.range(0, 10_000).mapToObj(i -> "DEPT-" + i).toList()), "supportingDepartments");
    }

    @Test
    void a_description_longer_than_its_limit_is_refused() {
        assertRegistrationRefused(task("description", "x".repeat(20_001)), "description");
    }

    @Test
    void a_percentage_given_as_text_or_with_a_fraction_is_refused_not_rounded() {
        String id = supervisor.post("/api/tasks", task()).json().get("taskId").asText();
        assertThat(deptA.post("/api/tasks/" + id + "/claim").status()).isEqualTo(200);
        long before = storedEvents();
        for (Object percent : List.of("50", 50.9, true)) {
            Response response = deptA.post("/api/tasks/" + id + "/progress",
                    Map.of("note", "进展", "percentComplete", percent));
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.json().get("field").asText()).isEqualTo("percentComplete");
        }
        assertThat(storedEvents()).isEqualTo(before);
        assertThat(deptA.post("/api/tasks/" + id + "/progress", Map.of("note", "进展", "percentComplete", 50))
                .status()).isEqualTo(200);
    }

    @Test
    void a_title_given_as_a_number_is_refused() {
        assertRegistrationRefused(task("title", 12345), "title");
    }

    @Test
    void the_location_of_a_new_task_is_relative_so_no_host_header_can_redirect_it() {
        Response created = supervisor.post("/api/tasks", task());
        assertThat(created.header("Location")).isEqualTo("/api/tasks/" + created.json().get("taskId").asText());
    }

    @Test
    void a_registration_retried_under_the_same_idempotency_key_registers_one_task() {
        Map<String, Object> body = task();
        Map<String, String> key = Map.of("Idempotency-Key", "register-" + uniqueLedger("k").replace(' ', '-'));
        Response first = supervisor.post("/api/tasks", body, key);
        long after = storedEvents();
        Response retry = supervisor.post("/api/tasks", body, key);

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.json().get("taskId")).isEqualTo(first.json().get("taskId"));
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(storedEvents()).isEqualTo(after);

        Response otherBody = supervisor.post("/api/tasks", task("title", "另一项任务"), key);
        assertThat(otherBody.status()).as(otherBody.toString()).isEqualTo(400);
        assertThat(otherBody.json().get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(storedEvents()).isEqualTo(after);
    }

    @Test
    void the_same_idempotency_key_names_another_task_for_another_user_and_for_a_complaint_conversion() {
        IdempotencyKey key = new IdempotencyKey("retry-1");
        assertThat(key.taskIdFor("supervisor")).isEqualTo(key.taskIdFor("supervisor"))
                .isNotEqualTo(key.taskIdFor("supervisor-2"))
                .isNotEqualTo(key.taskIdFor(new ComplaintId("00000000-0000-0000-0000-000000000001"), "supervisor"));
    }
}
