package dev.closeout.application.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.BrowserTest;
import dev.closeout.application.support.Eventually;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 台账: a ledger of 3 yellow (due within days) and 22 blue tasks, read by an auditor: the figures are the
 * API's, by lead department, responsible leader (the yellow ones 张副县长's, the blue ones 李副县长's) and
 * category (the yellow ones 项目建设, the blue ones none), a group's name opens the table of its tasks, the
 * colour filter keeps the yellow ones, the blue ones run over two pages of 20, and the export link is the API's
 * CSV with the same filter, read with the page's session.
 */
class LedgerPageBrowserTest extends BrowserTest {

    private static final int YELLOW = 3;
    private static final int BLUE = 22;

    @Test
    void the_ledger_page_shows_the_figures_filters_by_colour_pages_and_exports() {
        String ledger = uniqueLedger("台账页");
        for (int i = 0; i < YELLOW; i++) {
            register(ledger, "临期事项 " + i, today().plusDays(1), Map.of("responsibleLeader", "张副县长",
                    "category", "项目建设"));
        }
        for (int i = 0; i < BLUE; i++) {
            register(ledger, "正常事项 " + i, today().plusDays(40 + i), Map.of("responsibleLeader", "李副县长"));
        }
        JsonNode summary = Eventually.until(Duration.ofSeconds(30), () -> auditor.get(ledgerPath(ledger)).json(),
                s -> s.path("registered").asInt() == YELLOW + BLUE);
        assertThat(summary.get("colours").get("YELLOW").asInt()).as("due tomorrow is yellow").isEqualTo(YELLOW);
        signInAs("auditor");

        open("/ledgers?asOf=" + today());
        assertThat(find("#asOf").getAttribute("value")).isEqualTo(today().toString());
        lookAt("ledgers-as-of");
        open("/ledgers");
        submit(find(".ledger-list a[href='/ledgers/" + encoded(ledger) + "']"));
        assertThat(find("h1").getText()).isEqualTo(ledger);
        assertThat(find(".counts").getText()).contains(YELLOW + BLUE + "\n挂账", YELLOW + "\n黄", BLUE + "\n蓝",
                "0.0%\n办结率");
        assertThat(findAll(".entries tbody tr")).hasSize(20);
        assertThat(findAll(".by-department tbody tr")).extracting(WebElement::getText)
                .as("nothing closed: no on-time rate, not 0%").containsExactly("DEPT-A 25 25 0 0 0 0.0% — 0 / 0");
        assertThat(findAll(".by-leader tbody tr")).extracting(WebElement::getText)
                .containsExactly("张副县长 3 3 0 0 0 0.0% — 0 / 0", "李副县长 22 22 0 0 0 0.0% — 0 / 0");
        assertThat(findAll(".by-category tbody tr")).extracting(WebElement::getText)
                .containsExactly("项目建设 3 3 0 0 0 0.0% — 0 / 0", "未指定 22 22 0 0 0 0.0% — 0 / 0");
        assertThat(find(".by-leader caption").getText()).isEqualTo("按包抓领导统计");
        lookAt("ledger");
        submit(find(".by-leader a"));
        assertThat(findAll(".entries tbody tr")).hasSize(YELLOW)
                .allSatisfy(row -> assertThat(row.getText()).contains("临期事项"));
        assertThat(new Select(find("#filter-leader")).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("张副县长");
        open("/ledgers/" + encoded(ledger));

        new Select(find("#filter-colour")).selectByValue("YELLOW");
        submit(find(".ledger-filter button"));
        assertThat(findAll(".entries tbody tr")).hasSize(YELLOW)
                .allSatisfy(row -> assertThat(row.getText()).contains("临期事项", "黄"));
        assertThat(findAll(".pager")).isEmpty();
        String export = find("a.export").getAttribute("href");
        assertThat(export).contains("/api/ledgers/", "entries.csv", "colour=YELLOW");
        String csv = (String) ((JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done);", export);
        assertThat(csv).contains("临期事项 0", "临期事项 2").doesNotContain("正常事项");

        new Select(find("#filter-colour")).selectByValue("BLUE");
        submit(find(".ledger-filter button"));
        assertThat(find(".table-meta").getText()).contains("共 " + BLUE + " 项");
        assertThat(findAll(".entries tbody tr")).hasSize(20);
        assertThat(find(".entries caption").getText()).contains("第 1 页，共 2 页");
        submit(find(".pager a[rel=next]"));
        assertThat(findAll(".entries tbody tr")).hasSize(BLUE - 20);
        assertThat(find(".entries tbody").getText()).contains("正常事项 20", "正常事项 21").doesNotContain("临期事项");
        assertThat(new Select(find("#filter-colour")).getFirstSelectedOption().getAttribute("value"))
                .as("the filter stays on the next page").isEqualTo("BLUE");
        phoneWidth();
        try {
            lookAt("ledger-phone");
        } finally {
            desktopWidth();
        }
    }

    @Test
    void sorting_by_colour_puts_a_yellow_task_before_a_blue_one_due_sooner() {
        String ledger = uniqueLedger("台账排序");
        String closed = register(ledger, "已销号事项", today().plusDays(1));
        assertThat(deptA.post("/api/tasks/" + closed + "/claim").status()).isEqualTo(200);
        assertThat(deptA.post("/api/tasks/" + closed + "/closure-request", Map.of("evidence", "已完成")).status())
                .isEqualTo(200);
        assertThat(supervisor.post("/api/tasks/" + closed + "/close").status()).isEqualTo(200);
        register(ledger, "临期事项", today().plusDays(2));
        Eventually.until(Duration.ofSeconds(30), () -> auditor.get(ledgerPath(ledger)).json(),
                s -> s.path("registered").asInt() == 2 && s.path("closed").asInt() == 1);
        signInAs("auditor");

        open("/ledgers/" + encoded(ledger));
        assertThat(find(".entries tbody tr:first-child").getText()).as("by due date").contains("已销号事项");
        new Select(find("#filter-sort")).selectByValue("COLOUR");
        submit(find(".ledger-filter button"));
        assertThat(find(".entries tbody tr:first-child").getText()).as("by colour").contains("临期事项");
    }

    private String register(String ledger, String title, LocalDate due) {
        return register(ledger, title, due, Map.of());
    }

    private String register(String ledger, String title, LocalDate due, Map<String, String> more) {
        Map<String, Object> task = new HashMap<>(more);
        task.putAll(Map.of("ledger", ledger, "title", title, "leadDepartment", "DEPT-A", "dueDate", due.toString()));
        var created = supervisor.post("/api/tasks", task);
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("taskId").asText();
    }
}
