package dev.closeout.application.web;

import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.PageSession;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ledger name is free text and one path segment of every ledger URL: whatever it holds (slashes,
 * backslashes, percent signs, semicolons, periods, spaces, Chinese), once the client percent-encodes
 * it the ledger, its entries and its CSV export can be read back under it.
 */
class LedgerNamesInPathsTest extends IntegrationTest {

    private static final List<String> NAMES = List.of("x/y", "a\\b", "100%达标", "semi;colon", "a.b",
            "许可/审批 2026", "空 格", "%2F", "a+b=c&d?e#f", "2025//2026");

    @Test
    void a_ledger_named_with_url_syntax_is_read_back_under_its_percent_encoded_name() {
        for (String base : NAMES) {
            String ledger = uniqueLedger(base);
            ApiClient.Response created = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "核查",
                    "leadDepartment", "DEPT-A", "dueDate", "2030-06-30"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String taskId = created.json().get("taskId").asText();
            String path = ledgerPath(ledger);

            ApiClient.Response summary = Eventually.until(Duration.ofSeconds(30), () -> auditor.get(path),
                    r -> r.status() == 200 && r.json().get("registered").asLong() == 1);
            assertThat(summary.status()).as("%s: %s", ledger, summary).isEqualTo(200);
            assertThat(summary.json().get("ledger").asText()).isEqualTo(ledger);
            assertThat(summary.json().get("registered").asLong()).as(ledger).isEqualTo(1);

            ApiClient.Response entries = auditor.get(path + "/entries");
            assertThat(entries.status()).as("%s: %s", ledger, entries).isEqualTo(200);
            assertThat(entries.json()).extracting(e -> e.get("taskId").asText()).as(ledger).containsExactly(taskId);
            assertThat(entries.json().get(0).get("ledger").asText()).isEqualTo(ledger);

            ApiClient.Response csv = auditor.get(path + "/entries.csv");
            assertThat(csv.status()).as("%s: %s", ledger, csv).isEqualTo(200);
            assertThat(csv.contentType()).startsWith("text/csv");
            assertThat(csv.body()).as(ledger).contains(taskId, ledger);
        }
    }

    /**
     * The pages link a ledger under its name encoded whole: Thymeleaf's path variables left a {@code ;} as it was, and
     * the firewall refuses a raw one, so the ledger list's link and the ledger page's filter answered 400.
     */
    @Test
    void the_ledger_pages_link_a_ledger_named_with_a_semicolon_to_a_page_that_opens() {
        String ledger = uniqueLedger("semi;colon");
        assertThat(supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "核查", "leadDepartment", "DEPT-A",
                "dueDate", "2030-06-30")).status()).isEqualTo(201);
        PageSession page = new PageSession(port);
        page.signIn("supervisor", "supervisor");
        String encoded = "/ledgers/" + ledger.replace(";", "%3B").replace(" ", "%20");

        String list = Eventually.until(Duration.ofSeconds(30), () -> page.get("/ledgers").body(),
                body -> body.contains("href=\"" + encoded + "\""));
        ApiClient.Response opened = page.get(encoded);

        assertThat(list).contains("href=\"" + encoded + "\"");
        assertThat(opened.status()).as(opened.toString()).isEqualTo(200);
        assertThat(opened.body()).contains("action=\"" + encoded + "\"");
    }

    /**
     * The slash stays inside its segment for the security rules as for the routes, so an encoded one
     * cannot reach a route the caller's role may not use: the auditor may not use the admin API.
     */
    @Test
    void an_encoded_slash_reaches_no_other_route() {
        assertThat(auditor.get("/api/admin/projections").status()).isEqualTo(403);
        // no route, and no access rule, names a path with an encoded slash in place of the real one
        assertThat(auditor.get("/api/admin%2Fprojections").status()).isIn(403, 404);
        ApiClient.Response traversal = auditor.get("/api/ledgers/x%2F..%2F..%2Fadmin%2Fprojections");
        assertThat(traversal.status()).as(traversal.toString()).isEqualTo(404);
        assertThat(traversal.json().get("detail").asText()).isEqualTo("No ledger named x/../../admin/projections");
    }
}
