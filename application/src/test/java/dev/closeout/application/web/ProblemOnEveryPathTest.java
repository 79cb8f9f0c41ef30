package dev.closeout.application.web;

import dev.closeout.application.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests refused before they reach a controller (by Tomcat while parsing, or by the security
 * firewall) and the container's error page itself are answered in problem+json with a 4xx, like
 * every other error, and say nothing of the server, its version or its stack.
 */
class ProblemOnEveryPathTest extends IntegrationTest {

    private static final String AUTHORIZATION = basic("auditor");
    private static final String SUPERVISOR = basic("supervisor");

    private RawHttp http;

    @BeforeEach
    void socket() {
        http = new RawHttp(port);
    }

    private static String basic(String user) {
        return "Authorization: Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertProblem(RawHttp.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.body()).as(response.toString())
                .contains("\"status\":" + status)
                .doesNotContainIgnoringCase("tomcat")
                .doesNotContainIgnoringCase("exception")
                .doesNotContain("at org.", "at java.", "<html");
        assertThat(response.header("Server")).as(response.toString()).isNull();
    }

    @Test
    void an_encoded_nul_in_the_path_is_refused_by_tomcat_as_a_problem() {
        assertProblem(http.send("GET", "/api/ledgers/%00", AUTHORIZATION), 400);
        assertProblem(http.send("GET", "/api/ledgers/a%00b/entries", AUTHORIZATION), 400);
    }

    @Test
    void a_percent_sign_not_followed_by_two_hex_digits_is_refused_as_a_problem() {
        assertProblem(http.send("GET", "/api/ledgers/100%", AUTHORIZATION), 400);
        assertProblem(http.send("GET", "/api/ledgers/%zz", AUTHORIZATION), 400);
    }

    @Test
    void a_request_target_with_characters_http_forbids_is_refused_as_a_problem() {
        assertProblem(http.send("GET", "/api/ledgers/{x}", AUTHORIZATION), 400);
        assertProblem(http.send("GET", "/api/ledgers/a\\b", AUTHORIZATION), 400);
    }

    @Test
    void a_header_larger_than_the_server_takes_is_refused_as_a_problem() {
        assertProblem(http.send("GET", "/api/ledgers", AUTHORIZATION, "X-Padding: " + "x".repeat(64 * 1024)), 400);
    }

    @Test
    void dot_dot_segments_raw_or_encoded_are_refused_as_a_problem_instead_of_being_resolved() {
        for (String path : List.of("/api/ledgers/../admin/projections", "/api/ledgers/%2e%2e/admin/projections",
                "/api/ledgers/x/..", "/api/ledgers/%2E%2E")) {
            assertProblem(http.send("GET", path, AUTHORIZATION), 400);
        }
    }

    @Test
    void control_characters_and_raw_semicolons_in_the_path_are_refused_as_a_problem() {
        for (String path : List.of("/api/ledgers/a%0Ab", "/api/ledgers/a%0Db", "/api/ledgers/a;jsessionid=1",
                "/api/ledgers/a%E2%80%A8b")) {
            assertProblem(http.send("GET", path, AUTHORIZATION), 400);
        }
    }

    /** Tomcat takes any byte above 0x7F in a header; the firewall refuses C1 control characters when the header is read. */
    @Test
    void a_header_the_firewall_refuses_when_a_controller_reads_it_is_a_400_problem() {
        String head = http.head("POST", "/api/complaints/c-1/convert-to-task",
                SUPERVISOR, "Content-Type: application/json", "Content-Length: 2",
                "Idempotency-Key: key\u0085");
        assertProblem(http.exchange(head, "{}".getBytes(StandardCharsets.US_ASCII)), 400);
    }

    @Test
    void the_error_page_asked_for_directly_is_answered_as_any_path_that_names_nothing() {
        int unknown = http.send("GET", "/api/no-such-thing", AUTHORIZATION, "Accept: text/html").status();
        assertThat(unknown).isIn(403, 404);
        assertProblem(http.send("GET", "/api/no-such-thing", AUTHORIZATION, "Accept: text/html"), unknown);
        assertProblem(http.send("GET", "/error", AUTHORIZATION, "Accept: text/html"), unknown);
        assertProblem(http.send("POST", "/error", AUTHORIZATION, "Content-Length: 0"), unknown);
        assertProblem(http.send("GET", "/error"), 401);
    }
}
