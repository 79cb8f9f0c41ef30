package dev.closeout.application.security;

import dev.closeout.application.support.ApiClient.Response;
import dev.closeout.application.support.IntegrationTest;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands a browser could be made to send by another site's page, with the HTTP Basic credentials
 * it replays, are refused and store nothing; scripts, which send no Origin, are unaffected.
 */
class CrossSiteCommandTest extends IntegrationTest {

    private static final String EVIL = "https://evil.example";

    private Requests deptABrowser;
    private String taskId;
    private String claim;

    @BeforeEach
    void anUnclaimedTask() {
        deptABrowser = new Requests(port, "dept-a");
        String id = supervisor.post("/api/tasks", Map.of("ledger", uniqueLedger("Cross-site"), "title", "t",
                "leadDepartment", "DEPT-A", "dueDate", today().plusDays(30).toString())).json()
                .get("taskId").asText();
        taskId = id;
        claim = "/api/tasks/" + id + "/claim";
    }

    @Test
    void a_form_another_site_posts_is_refused_and_stores_nothing() {
        long before = storedEvents();
        Response response = deptABrowser.send("POST", claim, Map.of("Content-Type",
                "application/x-www-form-urlencoded", "Origin", EVIL), "");
        assertRefused(response, 403);
        assertThat(response.json().get("detail").asText()).contains(EVIL);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a_json_command_from_another_site_is_refused_too() {
        long before = storedEvents();
        assertRefused(deptABrowser.send("POST", claim, Map.of("Content-Type", "application/json", "Origin", EVIL), "{}"),
                403);
        assertRefused(deptABrowser.send("POST", claim, Map.of("Content-Type", "application/json", "Origin", "null"), "{}"),
                403);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void without_an_origin_the_browsers_fetch_metadata_saying_another_site_is_refused() {
        long before = storedEvents();
        assertRefused(deptABrowser.send("POST", claim, Map.of("Sec-Fetch-Site", "cross-site"), null), 403);
        assertRefused(deptABrowser.send("POST", claim, Map.of("Sec-Fetch-Site", "same-site"), null), 403);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a_text_or_form_body_is_refused_even_from_a_script() {
        long before = storedEvents();
        assertRefused(deptABrowser.send("POST", claim, Map.of("Content-Type", "text/plain"), "{}"), 415);
        assertRefused(deptABrowser.send("POST", claim, Map.of("Content-Type", "text/plain;charset=UTF-8"), ""), 415);
        assertRefused(deptABrowser.send("POST", claim, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "a=b"), 415);
        assertRefused(deptABrowser.send("POST", claim, Map.of("Content-Type", "multipart/form-data; boundary=x"),
                "--x--"), 415);
        assertRefused(deptABrowser.send("POST", claim, Map.of(), "{}"), 415);
        assertThat(storedEvents()).isEqualTo(before);
    }

    /** The evidence upload takes multipart/form-data, which any site's form can send: the origin check still holds. */
    @Test
    void an_evidence_upload_from_another_site_is_refused_and_stores_nothing() {
        assertThat(deptA.post(claim).status()).isEqualTo(200);
        String upload = "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--x--\r\n";
        Map<String, String> multipart = Map.of("Content-Type", "multipart/form-data; boundary=x");

        Response fromEvil = deptABrowser.send("POST", "/api/tasks/" + taskId + "/evidence",
                Map.of("Content-Type", "multipart/form-data; boundary=x", "Origin", EVIL), upload);
        assertRefused(fromEvil, 403);
        assertThat(database.getCollection("evidence.files").countDocuments(new Document("metadata.owner", taskId)))
                .isZero();
        assertThat(deptABrowser.send("POST", "/api/tasks/" + taskId + "/evidence", multipart, upload).status())
                .isEqualTo(201);
    }

    @Test
    void a_script_sends_a_json_command() {
        long before = storedEvents();
        assertThat(deptA.post(claim).status()).isEqualTo(200);
        assertThat(storedEvents()).isGreaterThan(before);
    }

    @Test
    void a_command_without_a_body_or_content_type_is_carried_out() {
        long before = storedEvents();
        assertThat(deptABrowser.send("POST", claim, Map.of(), null).status()).isEqualTo(200);
        assertThat(storedEvents()).isGreaterThan(before);
    }

    @Test
    void a_page_of_an_allowed_origin_sends_json_commands() {
        Response response = deptABrowser.send("POST", claim, Map.of("Content-Type", "application/json; charset=UTF-8",
                "Origin", "http://LOCALHOST:8080", "Sec-Fetch-Site", "same-origin"), "{}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    @Test
    void reads_from_other_sites_pass_the_command_check() {
        Response read = deptABrowser.send("GET", claim.replace("/claim", ""), Map.of("Origin", EVIL,
                "Sec-Fetch-Site", "cross-site"), null);
        assertThat(read.status()).isEqualTo(200);
    }

    private static void assertRefused(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("detail").asText()).isNotBlank();
    }
}
