package dev.closeout.application.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.TestMongo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit trail across items (docs/audit.md): filters, cursor, roles, recorded reads, rebuild. */
class AuditTrailTest extends IntegrationTest {

    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final String department = "TRAIL-" + TestMongo.newDatabaseName().substring(2, 10).toUpperCase();
    private final String ledger = uniqueLedger("审计轨迹");

    @Test
    void the_trail_filters_by_department_type_and_actor_each_event_with_who_what_and_why() {
        List<String> tasks = registered(3);
        assertThat(supervisor.post("/api/tasks/" + tasks.get(0) + "/withdraw", Map.of("reason", "重复立项")).status())
                .isEqualTo(200);

        List<JsonNode> mine = awaitTrail("department=" + department, 4);
        assertThat(mine).extracting(e -> e.get("type").asText())
                .containsExactly("TaskRegistered", "TaskRegistered", "TaskRegistered", "TaskWithdrawn");
        assertThat(mine).extracting(e -> e.get("position").asLong()).isSorted();
        JsonNode withdrawn = mine.get(3);
        assertThat(withdrawn.get("itemType").asText()).isEqualTo("TASK");
        assertThat(withdrawn.get("itemId").asText()).isEqualTo(tasks.get(0));
        assertThat(withdrawn.get("actor").asText()).isEqualTo("supervisor");
        assertThat(withdrawn.get("role").asText()).isEqualTo("SUPERVISOR");
        assertThat(withdrawn.get("itemDepartment").asText()).isEqualTo(department);
        assertThat(withdrawn.get("text").asText()).isEqualTo("重复立项");
        assertThat(withdrawn.get("day").asText()).isEqualTo(today().toString());
        assertThat(withdrawn.get("globalIndex").asLong()).isPositive();

        assertThat(trail("department=" + department + "&type=TaskWithdrawn")).extracting(e -> e.get("itemId").asText())
                .containsExactly(tasks.get(0));
        assertThat(trail("department=" + department + "&actor=supervisor")).hasSize(4);
        assertThat(trail("department=" + department + "&actor=dept-a")).isEmpty();
    }

    @Test
    void a_department_user_is_found_by_name_and_by_the_department_they_act_for() {
        String task = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "认领", "leadDepartment", "DEPT-A",
                "dueDate", today().plusDays(30).toString())).json().get("taskId").asText();
        assertThat(deptA.post("/api/tasks/" + task + "/claim").status()).isEqualTo(200);

        Eventually.until(CATCH_UP, () -> trail("actor=dept-a&type=TaskClaimed"),
                claims -> claims.stream().anyMatch(e -> e.get("itemId").asText().equals(task)));
        JsonNode claim = trail("actor=dept-a&department=DEPT-A&type=TaskClaimed").stream()
                .filter(e -> e.get("itemId").asText().equals(task)).findFirst().orElseThrow();
        assertThat(claim.get("role").asText()).isEqualTo("DEPARTMENT");
        assertThat(claim.get("department").asText()).isEqualTo("DEPT-A");
    }

    @Test
    void office_days_select_the_events_of_those_days() {
        registered(2);
        clock.advance(Duration.ofDays(2));
        List<String> later;
        try {
            later = registered(1);
        } finally {
            clock.reset();
        }
        LocalDate today = today();
        awaitTrail("department=" + department, 3);

        assertThat(trail("department=" + department + "&from=" + today.plusDays(1) + "&to=" + today.plusDays(3)))
                .extracting(e -> e.get("itemId").asText()).containsExactly(later.get(0));
        assertThat(trail("department=" + department + "&from=" + today + "&to=" + today)).hasSize(2);
        assertThat(trail("from=" + today.plusDays(2) + "&to=" + today.plusDays(2)))
                .anyMatch(e -> e.get("itemId").asText().equals(later.get(0)))
                .allMatch(e -> e.get("day").asText().equals(today.plusDays(2).toString()));
    }

    @Test
    void pages_follow_the_cursor_without_gaps_or_repeats() {
        registered(7);
        List<JsonNode> whole = awaitTrail("department=" + department, 7);

        List<Long> paged = new ArrayList<>();
        long cursor = 0;
        int pages = 0;
        boolean more = true;
        while (more) {
            JsonNode page = auditor.get("/api/audit/events?department=" + department + "&limit=3&after=" + cursor).json();
            page.get("events").forEach(e -> paged.add(e.get("position").asLong()));
            assertThat(page.get("events").size()).isLessThanOrEqualTo(3);
            cursor = page.get("next").asLong();
            more = page.get("more").asBoolean();
            pages++;
        }
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(paged).containsExactlyElementsOf(whole.stream().map(e -> e.get("position").asLong()).toList());
    }

    @Test
    void only_supervisors_and_auditors_read_the_trail() {
        assertThat(supervisor.get("/api/audit/events?limit=1").status()).isEqualTo(200);
        assertThat(auditor.get("/api/audit/events?limit=1").status()).isEqualTo(200);
        assertThat(deptA.get("/api/audit/events").status()).isEqualTo(403);
        assertThat(alerts.get("/api/audit/events").status()).isEqualTo(403);
        assertThat(anonymous.get("/api/audit/events").status()).isEqualTo(401);
    }

    @Test
    void bad_parameters_are_refused_naming_the_field() {
        refused("limit=0", "limit");
        refused("limit=501", "limit");
        refused("after=-1", "after");
        refused("type=TaskDeleted", "type");
        refused("from=2026-13-01", "from");
        refused("from=2026-03-10&to=2026-03-01", "to");
        refused("from=2025-01-01&to=2026-03-01", "to");
        refused("actor=%20", "actor");
    }

    @Test
    void a_read_of_a_complainants_data_is_in_the_trail_with_reader_and_path() {
        String complaint = supervisor.post("/api/complaints", Map.of("channel", "HOTLINE_12345", "subject", "噪音扰民",
                "content", "夜间施工", "complainant", Map.of("name", "张三", "phone", "13812345678")))
                .json().get("complaintId").asText();
        assertThat(auditor.get("/api/complaints/" + complaint).json().get("complainantMasked").asBoolean()).isTrue();
        assertThat(supervisor.get("/api/complaints/" + complaint).json().get("complainantMasked").asBoolean())
                .isFalse();
        assertThat(supervisor.get("/api/complaints/" + complaint + "/history").status()).isEqualTo(200);

        List<JsonNode> reads = Eventually.until(CATCH_UP, () -> readsOf(complaint), found -> found.size() >= 2);
        assertThat(reads).extracting(e -> e.get("path").asText()).containsExactly(
                "GET /api/complaints/" + complaint, "GET /api/complaints/" + complaint + "/history");
        assertThat(reads).allMatch(e -> e.get("actor").asText().equals("supervisor")
                && e.get("role").asText().equals("SUPERVISOR") && e.get("itemType").asText().equals("COMPLAINT"));
        assertThat(readsOf(complaint)).as("the auditor saw it masked: not a read of the data").hasSize(2);
    }

    @Test
    void a_rebuild_reproduces_the_trail() {
        List<String> tasks = registered(2);
        supervisor.post("/api/tasks/" + tasks.get(1) + "/withdraw", Map.of("reason", "并入其他任务"));
        List<JsonNode> before = awaitTrail("department=" + department, 3);

        assertThat(supervisor.post("/api/admin/projections/rebuild?processor=audit-trail").status()).isEqualTo(202);
        awaitProjectionsCaughtUp();

        List<JsonNode> after = awaitTrail("department=" + department, 3);
        assertThat(withoutPosition(after)).isEqualTo(withoutPosition(before));
    }

    private List<String> registered(int count) {
        List<CompletableFuture<String>> sent = IntStream.range(0, count).mapToObj(i -> CompletableFuture.supplyAsync(
                () -> supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "轨迹 " + i,
                        "leadDepartment", department, "dueDate", today().plusDays(30).toString()))
                        .json().get("taskId").asText())).toList();
        return sent.stream().map(CompletableFuture::join).toList();
    }

    /** Every event the query selects, following the cursor to the end. */
    private List<JsonNode> trail(String query) {
        List<JsonNode> all = new ArrayList<>();
        long cursor = 0;
        while (true) {
            ApiClient.Response page = auditor.get("/api/audit/events?" + query + "&after=" + cursor);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("events").forEach(all::add);
            cursor = page.json().get("next").asLong();
            if (!page.json().get("more").asBoolean()) {
                return all;
            }
        }
    }

    private List<JsonNode> awaitTrail(String query, int size) {
        return Eventually.until(CATCH_UP, () -> trail(query), found -> found.size() >= size);
    }

    private List<JsonNode> readsOf(String complaint) {
        return trail("type=ComplainantDataRead&actor=supervisor").stream()
                .filter(e -> e.get("itemId").asText().equals(complaint)).toList();
    }

    private void refused(String query, String field) {
        ApiClient.Response response = auditor.get("/api/audit/events?" + query);
        assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).as(query).isEqualTo(field);
    }

    /**
     * The lines as a reader sees them, without where the trail filed them: events committed at the
     * same moment may be taken in another order by a rebuild, which reads the store in its global
     * order, than they were live.
     */
    private static List<String> withoutPosition(List<JsonNode> events) {
        Set<String> seen = new HashSet<>();
        return events.stream().map(e -> {
            JsonNode copy = e.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(List.of("position", "globalIndex"));
            return copy.toString();
        }).filter(seen::add).sorted().toList();
    }
}
