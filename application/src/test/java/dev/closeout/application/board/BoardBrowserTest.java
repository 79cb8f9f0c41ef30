package dev.closeout.application.board;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.BrowserTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The battle map (作战图) in headless Chromium at a phone's width, on a ledger of 40 items in every
 * colour: every figure card on screen, and the red-and-yellow table showing progress and escalation.
 */
class BoardBrowserTest extends BrowserTest {

    private final String ledger = uniqueLedger("作战图 浏览器 Board in a browser");

    @BeforeEach
    void fortyItems() throws Exception {
        LocalDate today = today();
        // Eight clerks at once: each item's own steps in order, the items side by side.
        ExecutorService clerks = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> items = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int item = i;
                items.add(clerks.submit(() -> registerAndWork(item, today)));
            }
            for (Future<?> item : items) {
                item.get();
            }
        } finally {
            clerks.shutdown();
        }
        Eventually.until(Duration.ofSeconds(60), () -> auditor.get(ledgerPath(ledger)).json(),
                (JsonNode s) -> s.path("registered").asLong() == 40 && s.path("closed").asLong() == 2
                        && s.path("withdrawn").asLong() == 1);
        signInAs("auditor");
        phoneWidth();
    }

    private void registerAndWork(int i, LocalDate today) {
        String lead = i % 2 == 0 ? "DEPT-A" : "DEPT-B";
        int days = switch (i % 4) {
            case 0 -> -3 - i;   // red: overdue
            case 1 -> 1;        // yellow: due within three working days
            default -> 30 + i;  // blue, or closed below
        };
        String id = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "整治事项 " + i,
                "leadDepartment", lead, "dueDate", today.plusDays(days).toString())).json().get("taskId").asText();
        var department = lead.equals("DEPT-A") ? deptA : deptB;
        if (i % 4 != 3) {
            department.post("/api/tasks/" + id + "/claim");
            department.post("/api/tasks/" + id + "/progress", Map.of("note", "推进中", "percentComplete", 40));
        }
        if (i % 4 == 0) {
            supervisor.post("/api/tasks/" + id + "/escalate", Map.of("level", "NOTICE", "reason", "逾期未办结"));
        }
        if (i == 11) {
            supervisor.post("/api/tasks/" + id + "/withdraw", Map.of("reason", "重复登记"));
        }
        if (i == 3 || i == 7) {
            department.post("/api/tasks/" + id + "/claim");
            department.post("/api/tasks/" + id + "/closure-request", Map.of("evidence", "已完成"));
            supervisor.post("/api/tasks/" + id + "/close");
        }
    }

    @Test
    void at_phone_width_every_figure_is_on_screen_and_flagged_items_show_progress_and_escalation() {
        open("/board.html?ledger=" + encoded(ledger));
        waiting(Duration.ofSeconds(60))
                .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#figures .figure"), 10));
        waiting(Duration.ofSeconds(60))
                .until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#items tr"), 1));
        lookAt("board-390");

        long viewport = viewportWidth();
        // each figure's text and box, read in the page at once rather than a round trip to the driver per value
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> figures = (List<Map<String, Object>>) script("return Array.from("
                + "document.querySelectorAll('#figures .figure'), f => { const r = f.getBoundingClientRect();"
                + " return {text: f.innerText, shown: r.width > 0 && r.height > 0"
                + " && getComputedStyle(f).visibility !== 'hidden', left: r.left, right: r.right}; })");
        assertThat(figures).hasSize(10);
        for (Map<String, Object> figure : figures) {
            String text = (String) figure.get("text");
            assertThat(figure.get("shown")).as(text).isEqualTo(true);
            assertThat(((Number) figure.get("left")).doubleValue()).as(text).isGreaterThanOrEqualTo(0);
            assertThat(((Number) figure.get("right")).doubleValue()).as(text).isLessThanOrEqualTo(viewport);
        }
        assertThat(figures).extracting(f -> (String) f.get("text")).anySatisfy(t -> assertThat(t).contains("红 Red"))
                .anySatisfy(t -> assertThat(t).contains("黄 Yellow")).anySatisfy(t -> assertThat(t).contains("办结率"))
                .anySatisfy(t -> assertThat(t).contains("按期办结率"))
                // 登记 counts the withdrawn task too, so 撤销 stands beside it
                .anySatisfy(t -> assertThat(t).contains("40", "登记 Registered"))
                .anySatisfy(t -> assertThat(t).contains("1", "撤销 Withdrawn"));
        assertThat(scrollsSideways()).as("the page scrolls sideways at 390 px").isFalse();

        @SuppressWarnings("unchecked")
        List<List<String>> rows = (List<List<String>>) script("return Array.from(document.querySelectorAll('#items tr'),"
                + " row => Array.from(row.querySelectorAll('td'), cell => cell.innerText.trim()))");
        assertThat(rows).hasSize(20);
        for (List<String> cells : rows) {
            assertThat(cells.get(4)).as(String.join(" | ", cells)).isEqualTo("40%");
        }
        assertThat(rows).extracting(cells -> cells.get(5)).contains("督办").doesNotContain("— —");

        // the trend: a chart named by its summary, and the last 30 days' figures in the table under it
        assertThat(findAll("#trend-chart svg[role=img] title")).singleElement()
                .satisfies(title -> assertThat(title.getAttribute("textContent")).contains("30 天 days", "办结率"));
        assertThat(findAll("#trend-chart rect.open")).hasSize(30);
        assertThat(findAll("#trend tr")).hasSize(30);
        assertThat(findAll("#trend tr").get(0).getAttribute("textContent")).contains(today().toString(), "5.1%");
    }
}
