package dev.closeout.application.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SearchTest extends IntegrationTest {

    @Test
    void a_search_in_either_script_finds_items_entered_in_both() {
        String ledger = uniqueLedger("查找 scripts");
        String tag = word();
        String simplified = task(ledger, "人居环境整治 " + tag, "", "DEPT-A", 30);
        String traditional = task(ledger, "鄉村環境整治 " + tag, "", "DEPT-B", 30);
        task(ledger, "道路修建 " + tag, "", "DEPT-A", 30);
        String complaint = complaint("小区環境整治 " + tag, "楼下垃圾堆放", "王某某", "13900001111");

        List<String> simplifiedSearch = awaitIds("/api/search?ledger=" + encoded(ledger) + "&q=" + encoded("环境整治"), 2);
        assertThat(simplifiedSearch).containsExactlyInAnyOrder(simplified, traditional);
        assertThat(ids(supervisor.get("/api/search?ledger=" + encoded(ledger) + "&q=" + encoded("環境整治"))))
                .containsExactlyInAnyOrder(simplified, traditional);
        // other tests' items hold 环境整治 too: awaited by count, the search could answer before the complaint was in
        List<String> withTag = ids(Eventually.until(Duration.ofSeconds(30),
                () -> supervisor.get("/api/search?limit=100&q=" + encoded("环境整治 " + tag)),
                r -> ids(r).contains(complaint)));
        assertThat(withTag.subList(0, 3)).containsExactlyInAnyOrder(simplified, traditional, complaint);
    }

    @Test
    void items_holding_more_of_the_words_come_first_then_the_more_urgent() {
        String ledger = uniqueLedger("查找 ranking");
        String tag = word();
        String one = task(ledger, tag, "", "DEPT-A", 30);
        String all = task(ledger, tag + " 垃圾清运", "垃圾清运 垃圾分类", "DEPT-A", 30);
        String two = task(ledger, tag + " 垃圾分类", "", "DEPT-A", 30);
        String overdue = task(ledger, tag, "", "DEPT-A", -3);

        List<String> found = awaitIds("/api/search?q=" + encoded(tag + " 垃圾 清运") + "&ledger=" + encoded(ledger), 4);
        assertThat(found).containsExactly(all, two, overdue, one);
        JsonNode first = supervisor.get("/api/search?q=" + tag).json().get("results").get(0);
        assertThat(first.get("type").asText()).isEqualTo("TASK");
        assertThat(first.get("ledger").asText()).isEqualTo(ledger);
        assertThat(first.get("department").asText()).isEqualTo("DEPT-A");
        assertThat(first.get("status").asText()).isEqualTo("REGISTERED");
    }

    @Test
    void results_are_filtered_by_ledger_status_and_colour() {
        String ledger = uniqueLedger("查找 filters");
        String other = uniqueLedger("查找 filters other");
        String tag = word();
        String claimed = task(ledger, tag + " 供水管网改造", "", "DEPT-A", 30);
        String red = task(ledger, tag + " 供水管网改造", "", "DEPT-A", -2);
        String elsewhere = task(other, tag + " 供水管网改造", "", "DEPT-A", 30);
        assertThat(deptA.post("/api/tasks/" + claimed + "/claim").status()).isEqualTo(200);
        awaitIds("/api/search?q=" + tag + "&status=CLAIMED", 1);

        assertThat(ids(supervisor.get("/api/search?q=" + tag))).containsExactlyInAnyOrder(claimed, red, elsewhere);
        assertThat(ids(supervisor.get("/api/search?q=" + tag + "&ledger=" + encoded(ledger))))
                .containsExactlyInAnyOrder(claimed, red);
        assertThat(ids(supervisor.get("/api/search?q=" + tag + "&status=CLAIMED"))).containsExactly(claimed);
        assertThat(ids(supervisor.get("/api/search?q=" + tag + "&colour=RED"))).containsExactly(red);
        assertThat(ids(supervisor.get("/api/search?q=" + tag + "&colour=BLUE&colour=YELLOW")))
                .containsExactlyInAnyOrder(claimed, elsewhere);
        assertThat(ids(supervisor.get("/api/search?q=" + tag + "&limit=1"))).hasSize(1);
    }

    @Test
    void a_missed_milestone_is_found_yellow_and_an_overdue_report_back_red_as_their_views_say() {
        String ledger = uniqueLedger("查找 colours");
        String tag = word();
        String milestoned = register(ledger, tag + " 一季度目标", Map.of("milestones",
                List.of(Map.of("title", "一季度: 完成征地", "dueDate", today().toString()))));
        String referred = register(ledger, tag + " 省上转办", Map.of("referral", Map.of("level", "PROVINCE",
                "referringBody", "省委督查室", "documentNumber", "甘督字〔2026〕" + tag + "号",
                "reportBackDue", today().toString())));
        String plain = task(ledger, tag + " 道路养护", "", "DEPT-A", 90);
        String path = "/api/search?q=" + tag + "&ledger=" + encoded(ledger);
        awaitIds(path, 3);
        assertThat(colours(path)).as("due today is not late").containsOnlyKeys(milestoned, referred, plain)
                .allSatisfy((id, colour) -> assertThat(colour).isEqualTo("BLUE"));

        try {
            clock.advance(Duration.ofDays(1));
            Map<String, String> found = colours(path);
            assertThat(found).containsEntry(milestoned, "YELLOW").containsEntry(referred, "RED")
                    .containsEntry(plain, "BLUE");
            found.forEach((id, colour) -> assertThat(supervisor.get("/api/tasks/" + id).json().get("colour")
                    .asText()).as("the view of " + id).isEqualTo(colour));
            assertThat(ids(supervisor.get(path + "&colour=YELLOW"))).containsExactly(milestoned);
            assertThat(ids(supervisor.get(path + "&colour=RED"))).containsExactly(referred);
            assertThat(ids(supervisor.get(path + "&colour=BLUE"))).containsExactly(plain);

            assertThat(deptA.post("/api/tasks/" + milestoned + "/claim", Map.of()).status()).isEqualTo(200);
            assertThat(deptA.post("/api/tasks/" + milestoned + "/milestones/M1/report",
                    Map.of("evidence", "征地协议 12 份")).status()).isEqualTo(200);
            assertThat(deptA.post("/api/tasks/" + referred + "/claim", Map.of()).status()).isEqualTo(200);
            assertThat(deptA.post("/api/tasks/" + referred + "/referral/report-back",
                    Map.of("outcome", "已反馈省委督查室")).status()).isEqualTo(200);
            assertThat(Eventually.until(Duration.ofSeconds(30), () -> colours(path),
                    c -> c.values().stream().allMatch("BLUE"::equals))).as("met and reported back").hasSize(3);
        } finally {
            clock.reset();
        }
    }

    @Test
    void readers_find_what_they_may_open_and_no_one_else_searches() {
        String ledger = uniqueLedger("查找 who");
        String tag = word();
        String ofA = task(ledger, tag + " 危房改造", "", "DEPT-A", 30);
        String ofB = task(ledger, tag + " 危房改造", "", "DEPT-B", 30);
        String path = "/api/search?q=" + tag;
        awaitIds(path, 2);

        for (ApiClient reader : List.of(supervisor, deptA, deptB, auditor)) {
            List<String> found = ids(reader.get(path));
            assertThat(found).containsExactlyInAnyOrder(ofA, ofB);
            found.forEach(id -> assertThat(reader.get("/api/tasks/" + id).status()).isEqualTo(200));
        }
        assertThat(alerts.get(path).status()).isEqualTo(403);
        assertThat(anonymous.get(path).status()).isEqualTo(401);
    }

    @Test
    void the_complainants_name_and_phone_find_nothing_even_written_in_the_content() {
        String tag = word();
        String name = "欧阳" + "明华国建伟芳娟秀".charAt(ThreadLocalRandom.current().nextInt(8))
                + "英兰玉桂珍凤".charAt(ThreadLocalRandom.current().nextInt(6));
        String phone = "139" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        String complaint = complaint("噪音扰民 " + tag, "我是" + name + "，电话" + phone + "，夜间施工", name, phone);
        awaitIds("/api/search?q=" + tag, 1);

        for (ApiClient reader : List.of(supervisor, deptA, auditor)) {
            assertThat(ids(reader.get("/api/search?q=" + encoded(name)))).doesNotContain(complaint);
            assertThat(ids(reader.get("/api/search?q=" + phone))).doesNotContain(complaint);
        }
        assertThat(ids(supervisor.get("/api/search?q=" + encoded("夜间施工 " + tag)))).contains(complaint);
    }

    @Test
    void bad_parameters_are_refused_naming_the_field() {
        assertRefused("/api/search", "q");
        assertRefused("/api/search?q=%20", "q");
        assertRefused("/api/search?q=x&limit=0", "limit");
        assertRefused("/api/search?q=x&limit=101", "limit");
        assertRefused("/api/search?q=x&limit=many", "limit");
        assertRefused("/api/search?q=x&status=DONE", "status");
        assertRefused("/api/search?q=x&colour=PURPLE", "colour");
        assertRefused("/api/search?q=x&ledger=%20", "ledger");
        assertRefused("/api/search?q=" + "长".repeat(201), "q");
    }

    @Test
    void a_rebuild_of_the_search_read_model_gives_the_same_results() {
        String ledger = uniqueLedger("查找 rebuild");
        String tag = word();
        task(ledger, tag + " 污水处理", "", "DEPT-A", 30);
        String closed = task(ledger, tag + " 污水处理厂", "污水", "DEPT-B", -1);
        deptB.post("/api/tasks/" + closed + "/claim");
        deptB.post("/api/tasks/" + closed + "/closure-request", Map.of("evidence", "完成"));
        supervisor.post("/api/tasks/" + closed + "/close");
        String path = "/api/search?q=" + encoded(tag + " 污水");
        Eventually.until(Duration.ofSeconds(30), () -> supervisor.get(path + "&status=CLOSED"),
                r -> ids(r).size() == 1);
        JsonNode before = supervisor.get(path).json();

        assertThat(supervisor.post("/api/admin/projections/rebuild?processor=search").status()).isEqualTo(202);
        awaitProjectionsCaughtUp();
        assertThat(supervisor.get(path).json()).isEqualTo(before);
    }

    private void assertRefused(String path, String field) {
        ApiClient.Response response = supervisor.get(path);
        assertThat(response.status()).as(path).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("field").asText()).as(path).isEqualTo(field);
    }

    private List<String> awaitIds(String path, int count) {
        return ids(Eventually.until(Duration.ofSeconds(30), () -> supervisor.get(path), r -> ids(r).size() >= count));
    }

    private static List<String> ids(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("results").forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }

    private String task(String ledger, String title, String description, String department, int dueInDays) {
        ApiClient.Response response = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", title,
                "description", description, "leadDepartment", department,
                "dueDate", today().plusDays(dueInDays).toString()));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("taskId").asText();
    }

    private String register(String ledger, String title, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("ledger", ledger, "title", title, "leadDepartment", "DEPT-A",
                "dueDate", today().plusDays(90).toString()));
        body.putAll(extra);
        ApiClient.Response response = supervisor.post("/api/tasks", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("taskId").asText();
    }

    /** Each result's id and colour. */
    private Map<String, String> colours(String path) {
        ApiClient.Response response = supervisor.get(path);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Map<String, String> colours = new HashMap<>();
        response.json().get("results").forEach(r -> colours.put(r.get("id").asText(), r.get("colour").asText()));
        return colours;
    }

    private String complaint(String subject, String content, String name, String phone) {
        ApiClient.Response response = supervisor.post("/api/complaints", Map.of("channel", "HOTLINE_12345",
                "subject", subject, "content", content, "complainant", Map.of("name", name, "phone", phone)));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("complaintId").asText();
    }

    /** A word of eight Latin letters no other test uses, so results hold this test's items only. */
    private static String word() {
        StringBuilder word = new StringBuilder("zz");
        for (int i = 0; i < 8; i++) {
            word.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return word.toString();
    }
}
