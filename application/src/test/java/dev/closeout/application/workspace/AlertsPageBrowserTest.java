package dev.closeout.application.workspace;

import dev.closeout.application.support.BrowserTest;
import dev.closeout.application.support.Eventually;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 预警: an auditor reads the alert feed, newest first, and an alert raised while the page is open
 * appears without a reload (the test context refreshes it every second instead of every 15).
 */
class AlertsPageBrowserTest extends BrowserTest {

    @Test
    void the_alerts_page_lists_an_alert_and_shows_a_new_one_without_reloading() {
        String ledger = uniqueLedger("预警页");
        escalated(ledger, "疏通北街下水道");
        signInAs("auditor");

        String first = Eventually.until(Duration.ofSeconds(30), () -> {
            open("/alerts");
            return firstAlert();
        }, text -> text.contains("疏通北街下水道"));
        assertThat(first).contains("督办", "疏通北街下水道", "人工督办", "催办", ledger, "DEPT-A");
        lookAt("alerts");

        ((JavascriptExecutor) browser).executeScript("window.closeoutStayed = true;");
        escalated(ledger, "修补西街路面");
        waiting(Duration.ofSeconds(60)).until(driver -> firstAlert().contains("修补西街路面"));

        assertThat(((JavascriptExecutor) browser).executeScript("return window.closeoutStayed === true;"))
                .as("the page was not reloaded").isEqualTo(true);
        assertThat(String.valueOf(((JavascriptExecutor) browser).executeScript(
                "return document.getElementById('alert-feed').innerText;"))).as("newest first").containsSubsequence("修补西街路面", "疏通北街下水道");
        assertThat(find("#alert-status").getText()).startsWith("新到");
        phoneWidth();
        try {
            lookAt("alerts-phone");
        } finally {
            desktopWidth();
        }
    }

    @Test
    void a_department_user_is_refused_the_alerts_page_as_the_alert_feed() {
        signInAs("dept-a");
        open("/alerts/feed");
        assertThat(find("h1").getText()).isEqualTo("无权访问此页面");
    }

    /** The newest alert's text, read in one step: the page's script may swap the list in at any moment. */
    private String firstAlert() {
        Object text = ((JavascriptExecutor) browser).executeScript(
                "var item = document.querySelector('#alert-feed li'); return item ? item.innerText : '';");
        return String.valueOf(text);
    }

    private void escalated(String ledger, String title) {
        String taskId = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", title,
                "leadDepartment", "DEPT-A", "dueDate", today().plusDays(30).toString())).json()
                .get("taskId").asText();
        assertThat(supervisor.post("/api/tasks/" + taskId + "/escalate", Map.of("level", "REMINDER",
                "reason", "群众反映强烈")).status()).isEqualTo(200);
    }
}
