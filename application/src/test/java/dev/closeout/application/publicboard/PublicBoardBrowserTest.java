package dev.closeout.application.publicboard;

import dev.closeout.application.support.BrowserTest;
import dev.closeout.application.support.Eventually;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The 公示 public board in headless Chromium at a phone's width, read by someone who never signs in. */
class PublicBoardBrowserTest extends BrowserTest {

    @BeforeEach
    void publishedItems() {
        LocalDate today = today();
        for (int i = 0; i < 12; i++) {
            String lead = List.of("县住建局 County housing bureau", "DEPT-A", "DEPT-B").get(i % 3);
            int days = i % 3 == 0 ? -2 - i : i % 3 == 1 ? 1 : 40 + i;
            supervisor.post("/api/tasks", Map.of("ledger", PUBLIC_LEDGER_IN_BROWSER,
                    "title", "老旧小区改造 第" + i + "批 Renovation of old residential compounds, batch " + i,
                    "leadDepartment", lead, "dueDate", today.plusDays(days).toString()));
        }
        Eventually.until(Duration.ofSeconds(60),
                () -> auditor.get(ledgerPath(PUBLIC_LEDGER_IN_BROWSER)).json().path("registered").asLong(),
                registered -> registered == 12);
        browser.manage().deleteAllCookies();
        phoneWidth();
    }

    @Test
    void at_phone_width_the_public_reads_every_figure_and_item_without_signing_in() {
        open("/public");
        assertThat(find("h1").getText()).contains("公示");
        lookAt("public-index-390");
        submit(browser.findElement(By.linkText(PUBLIC_LEDGER_IN_BROWSER)));

        assertThat(find("h1").getText()).isEqualTo(PUBLIC_LEDGER_IN_BROWSER);
        long viewport = viewportWidth();
        List<WebElement> figures = findAll(".figures > div");
        assertThat(figures).hasSize(8);
        for (WebElement figure : figures) {
            assertThat(figure.isDisplayed()).as(figure.getText()).isTrue();
            assertThat(figure.getRect().getX() + figure.getRect().getWidth()).as(figure.getText())
                    .isLessThanOrEqualTo((int) viewport);
        }
        assertThat(scrollsSideways()).as("the page scrolls sideways at 390 px").isFalse();
        List<WebElement> items = findAll("table.items tbody tr");
        assertThat(items).hasSize(12);
        assertThat(items.get(0).getText()).as("red first").contains("红 Red");
        lookAt("public-ledger-390");
    }
}
