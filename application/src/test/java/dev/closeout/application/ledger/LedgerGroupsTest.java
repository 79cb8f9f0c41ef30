package dev.closeout.application.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's figures by responsible leader (包抓领导) and by category (类别), hand-counted over five tasks: two
 * leaders with two tasks each, two categories with two tasks each, and one task naming neither. A task closed,
 * withdrawn or falling overdue moves its leader's and its category's figures; the entries filter by either; a
 * past day reads back the groups as they stood; the workbook's figures sheet carries both breakdowns.
 */
class LedgerGroupsTest extends IntegrationTest {

    private static final String ZHANG = "张副县长";
    private static final String LI = "李副县长";
    private static final String PROJECTS = "项目建设";
    private static final String LIVELIHOOD = "民生实事";

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    @Test
    void closing_withdrawing_and_falling_overdue_move_the_figures_of_the_tasks_leader_and_category()
            throws IOException {
        String ledger = uniqueLedger("包抓台账");
        String path = ledgerPath(ledger);
        LocalDate first = today();
        List<String> ids = register(ledger,
                task(ZHANG, PROJECTS, "DEPT-A", first.plusDays(10)),
                task(ZHANG, LIVELIHOOD, "DEPT-A", first.plusDays(3)),
                task(LI, PROJECTS, "DEPT-B", first.plusDays(20)),
                task(LI, LIVELIHOOD, "DEPT-B", first.plusDays(20)),
                task(null, null, "DEPT-A", first.plusDays(20)));
        // each group: name, registered, withdrawn, closed, open, overdue, red, closure rate, on-time rate;
        // by name as departments are (张 U+5F20 before 李 U+674E), the tasks naming none last
        JsonNode registered = awaitLedger(path, 5, 0, 0);
        assertThat(table(registered, "byLeader", "leader")).containsExactly(
                ZHANG + " 2 0 0 2 0 0 0.0 —", LI + " 2 0 0 2 0 0 0.0 —", "- 1 0 0 1 0 0 0.0 —");
        assertThat(table(registered, "byCategory", "category")).containsExactly(
                LIVELIHOOD + " 2 0 0 2 0 0 0.0 —", PROJECTS + " 2 0 0 2 0 0 0.0 —", "- 1 0 0 1 0 0 0.0 —");

        // day 1: 张's 项目建设 task closed on time, 李's 民生实事 task withdrawn
        close(ids.get(0));
        assertThat(supervisor.post("/api/tasks/" + ids.get(3) + "/withdraw", Map.of("reason", "重复登记")).status())
                .isEqualTo(200);
        JsonNode dayOne = awaitLedger(path, 5, 1, 1);
        assertThat(table(dayOne, "byLeader", "leader")).containsExactly(
                ZHANG + " 2 0 1 1 0 0 0.5 1.0", LI + " 2 1 0 1 0 0 0.0 —", "- 1 0 0 1 0 0 0.0 —");
        assertThat(table(dayOne, "byCategory", "category")).containsExactly(
                LIVELIHOOD + " 2 1 0 1 0 0 0.0 —", PROJECTS + " 2 0 1 1 0 0 0.5 1.0", "- 1 0 0 1 0 0 0.0 —");

        // four days on, 张's 民生实事 task (due on day 4) is overdue and red; nothing else moved
        clock.advance(Duration.ofDays(4));
        JsonNode later = auditor.get(path).json();
        assertThat(table(later, "byLeader", "leader")).containsExactly(
                ZHANG + " 2 0 1 1 1 1 0.5 1.0", LI + " 2 1 0 1 0 0 0.0 —", "- 1 0 0 1 0 0 0.0 —");
        assertThat(table(later, "byCategory", "category")).containsExactly(
                LIVELIHOOD + " 2 1 0 1 1 1 0.0 —", PROJECTS + " 2 0 1 1 0 0 0.5 1.0", "- 1 0 0 1 0 0 0.0 —");
        assertThat(later.get("byLeader").get(0).fieldNames()).toIterable().as("a department's figures")
                .containsExactlyInAnyOrder("leader", "registered", "withdrawn", "closed", "open", "overdue",
                        "closureRate", "onTimeRate", "colours", "closedLate", "milestones");

        assertThat(ids(auditor.get(path + "/entries?leader=" + encoded(ZHANG))))
                .containsExactly(ids.get(1), ids.get(0));
        assertThat(ids(auditor.get(path + "/entries?category=" + encoded(LIVELIHOOD) + "&status=WITHDRAWN")))
                .containsExactly(ids.get(3));
        assertThat(ids(auditor.get(path + "/entries?leader=" + encoded(" " + ZHANG + " ") + "&category="
                + encoded(LIVELIHOOD) + "&colour=RED"))).as("a name is read as registration reads it")
                .containsExactly(ids.get(1));
        assertThat(ids(auditor.get(path + "/entries?category=" + encoded("营商环境")))).isEmpty();
        assertThat(auditor.get(path + "/entries.csv?leader=" + encoded(LI)).body().split("\r\n")).hasSize(3);
        assertThat(figuresSheet(path)).containsSubsequence(
                "包抓领导 Responsible leader|登记 Registered|撤销 Withdrawn|销号 Closed|在办 Open|逾期 Overdue",
                ZHANG + "|2|0|1|1|1", LI + "|2|1|0|1|0", "未指定 None named|1|0|0|1|0",
                "类别 Category|登记 Registered|撤销 Withdrawn|销号 Closed|在办 Open|逾期 Overdue",
                LIVELIHOOD + "|2|1|0|1|1", PROJECTS + "|2|0|1|1|0", "未指定 None named|1|0|0|1|0");

        // the first day as it stood, groups included, also once its close is recorded and read back
        JsonNode asOfFirst = auditor.get(path + "?asOf=" + first).json();
        assertThat(asOfFirst.get("byLeader")).isEqualTo(dayOne.get("byLeader"));
        assertThat(asOfFirst.get("byCategory")).isEqualTo(dayOne.get("byCategory"));
        assertThat(auditor.get(path + "?asOf=" + first).json()).isEqualTo(asOfFirst);
        ApiClient.Response thenZhang = auditor.get(path + "/entries?asOf=" + first + "&leader=" + encoded(ZHANG));
        assertThat(ids(thenZhang)).containsExactly(ids.get(1), ids.get(0));
        assertThat(thenZhang.json().get(0).get("responsibleLeader").asText()).isEqualTo(ZHANG);
        assertThat(thenZhang.json().get(0).get("category").asText()).isEqualTo(LIVELIHOOD);
        assertThat(thenZhang.json().get(0).get("colour").asText()).as("judged as it was then").isNotEqualTo("RED");
    }

    @Test
    void a_blank_or_malformed_leader_or_category_is_refused_naming_the_parameter() {
        String ledger = uniqueLedger("包抓参数");
        String path = ledgerPath(ledger);
        register(ledger, task(ZHANG, PROJECTS, "DEPT-A", today().plusDays(5)));
        awaitLedger(path, 1, 0, 0);
        assertProblem(auditor.get(path + "/entries?leader="), "leader");
        assertProblem(auditor.get(path + "/entries?leader=" + encoded("长".repeat(201))), "leader");
        assertProblem(auditor.get(path + "/entries?category=a%0Ab"), "category");
        assertProblem(auditor.get(path + "/entries?asOf=" + today() + "&category=%20"), "category");
        assertProblem(auditor.get(path + "/entries.csv?leader=%09"), "leader");
        assertProblem(auditor.get(path + "/entries.xlsx?category="), "category");
    }

    private static void assertProblem(ApiClient.Response response, String parameter) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("field").asText()).isEqualTo(parameter);
    }

    /** The ledger's figures once its lines show these counts: the ledger is a tracking projection. */
    private JsonNode awaitLedger(String path, long registered, long withdrawn, long closed) {
        return Eventually.until(Duration.ofSeconds(30), () -> auditor.get(path).json(),
                s -> s.path("registered").asLong() == registered && s.path("withdrawn").asLong() == withdrawn
                        && s.path("closed").asLong() == closed);
    }

    /**
     * One group of the figures a line: its name ({@code -} for the tasks naming none), registered, withdrawn,
     * closed, open, overdue, red, closure rate and on-time rate ("—" for none).
     */
    private static List<String> table(JsonNode summary, String groups, String key) {
        List<String> rows = new ArrayList<>();
        for (JsonNode g : summary.get(groups)) {
            rows.add(String.join(" ", g.hasNonNull(key) ? g.get(key).asText() : "-", g.get("registered").asText(),
                    g.get("withdrawn").asText(), g.get("closed").asText(), g.get("open").asText(),
                    g.get("overdue").asText(), g.get("colours").get("RED").asText(), rate(g, "closureRate"),
                    rate(g, "onTimeRate")));
        }
        return rows;
    }

    /** A rate as the answer gives it, "—" when it is left out (nothing to divide by). */
    private static String rate(JsonNode group, String field) {
        return group.hasNonNull(field) ? group.get(field).asText() : "—";
    }

    /** The workbook's 统计 Figures sheet, each row's first six cells joined by {@code |}. */
    private List<String> figuresSheet(String path) throws IOException {
        ApiClient.BytesResponse export = auditor.getBytes(path + "/entries.xlsx");
        assertThat(export.status()).isEqualTo(200);
        DataFormatter text = new DataFormatter();
        List<String> rows = new ArrayList<>();
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(export.body()))) {
            for (Row row : workbook.getSheet("统计 Figures")) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    cells.add(text.formatCellValue(row.getCell(i)));
                }
                rows.add(String.join("|", cells));
            }
        }
        return rows;
    }

    private static List<String> ids(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().forEach(e -> ids.add(e.get("taskId").asText()));
        return ids;
    }

    private static Map<String, Object> task(String leader, String category, String lead, LocalDate due) {
        Map<String, Object> task = new HashMap<>(Map.of("title", "包抓事项", "leadDepartment", lead,
                "dueDate", due.toString()));
        if (leader != null) {
            task.put("responsibleLeader", leader);
        }
        if (category != null) {
            task.put("category", category);
        }
        return task;
    }

    /** Registers the tasks at once; their ids in the order given. */
    @SafeVarargs
    private List<String> register(String ledger, Map<String, Object>... tasks) {
        List<CompletableFuture<String>> registered = new ArrayList<>();
        for (Map<String, Object> task : tasks) {
            Map<String, Object> body = new HashMap<>(task);
            body.put("ledger", ledger);
            registered.add(CompletableFuture.supplyAsync(() -> {
                ApiClient.Response created = supervisor.post("/api/tasks", body);
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                return created.json().get("taskId").asText();
            }));
        }
        return registered.stream().map(CompletableFuture::join).toList();
    }

    private void close(String id) {
        String task = "/api/tasks/" + id;
        assertThat(deptA.post(task + "/claim").status()).isEqualTo(200);
        assertThat(deptA.post(task + "/closure-request", Map.of("evidence", "已完成")).status()).isEqualTo(200);
        assertThat(supervisor.post(task + "/close").status()).isEqualTo(200);
    }
}
