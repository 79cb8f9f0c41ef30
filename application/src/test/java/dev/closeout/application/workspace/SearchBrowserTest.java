package dev.closeout.application.workspace;

import dev.closeout.application.support.BrowserTest;
import dev.closeout.application.support.Eventually;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SearchBrowserTest extends BrowserTest {

    @Test
    void the_search_box_of_every_page_finds_items_in_either_script_and_leads_to_them() {
        StringBuilder tag = new StringBuilder("zz");
        for (int i = 0; i < 8; i++) {
            tag.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        String ledger = uniqueLedger("查找页");
        String simplified = register(ledger, "人居环境整治 " + tag, 1);
        register(ledger, "鄉村環境整治 " + tag, 40);
        Eventually.until(Duration.ofSeconds(30), () -> auditor.get("/api/search?q=" + tag).json().get("results"),
                results -> results.size() == 2);
        signInAs("dept-a");

        open("/");
        find("#top-search-q").sendKeys("环境整治 " + tag);
        submit(find(".top-search button"));
        assertThat(find("h1").getText()).isEqualTo("查找");
        // Other tests' items about 环境整治 match too; the two holding every word of the query come first.
        List<WebElement> results = findAll(".search-results li");
        assertThat(results.size()).isGreaterThanOrEqualTo(2);
        assertThat(results.get(0).getText() + results.get(1).getText())
                .contains("人居环境整治", "鄉村環境整治", tag, "黄", "蓝");
        assertThat(find("#search-q").getAttribute("value")).isEqualTo("环境整治 " + tag);
        lookAt("search");

        submit(find(".search-results a[href='/tasks/" + simplified + "']"));
        assertThat(find("h1").getText()).contains("人居环境整治");
    }

    private String register(String ledger, String title, int dueInDays) {
        return supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", title, "leadDepartment", "DEPT-A",
                "dueDate", today().plusDays(dueInDays).toString())).json().get("taskId").asText();
    }
}
