package dev.closeout.application.security;

import dev.closeout.application.support.ApiClient.Response;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.PageSession;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages' sign-in, session and headers: forms need their CSRF token, the session cookie cannot be
 * read by scripts or sent by other sites' forms, the session id changes at sign-in, signed-in pages
 * are never cached or framed, and the API recognises a signed-in browser without ever making a
 * session of its own.
 */
class PageSecurityTest extends IntegrationTest {

    @Test
    void a_form_posted_without_its_csrf_token_is_refused_and_changes_nothing() {
        String taskId = supervisor.post("/api/tasks", Map.of("ledger", uniqueLedger("CSRF"), "title", "t",
                "leadDepartment", "DEPT-A", "dueDate", today().plusDays(30).toString())).json()
                .get("taskId").asText();
        PageSession deptA = signedIn("dept-a");
        long before = storedEvents();

        Response forged = deptA.post("/tasks/" + taskId + "/claim", Map.of(), false, "/");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(storedEvents()).isEqualTo(before);
        // what a form left open past its session meets: told so, not that the user's role may not open the page
        assertThat(forged.body()).contains("页面已过期", "请重新登录").doesNotContain("您的角色不能打开此页面");

        Response real = deptA.post("/tasks/" + taskId + "/claim", Map.of(), true, "/tasks/" + taskId);
        assertThat(real.status()).as(real.toString()).isEqualTo(302);
        assertThat(supervisor.get("/api/tasks/" + taskId).json().get("status").asText()).isEqualTo("CLAIMED");
    }

    @Test
    void signing_in_needs_the_sign_in_pages_token_and_gives_a_new_session_id() {
        PageSession browser = new PageSession(port);
        assertThat(browser.post("/signin", Map.of("username", "dept-a", "password", "dept-a"), false, "/signin")
                .status()).as("a sign-in form another site posts").isEqualTo(403);

        browser.get("/signin");
        String before = browser.sessionId();
        Response signedIn = browser.signIn("dept-a", "dept-a");
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("Location")).endsWith("/");
        assertThat(browser.sessionId()).isNotNull().isNotEqualTo(before);
        String cookie = signedIn.headers().get("set-cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Lax");
    }

    @Test
    void a_wrong_password_is_answered_like_a_name_nobody_has() {
        PageSession browser = new PageSession(port);
        Response wrongPassword = browser.signIn("dept-a", "wrong");
        Response noSuchUser = new PageSession(port).signIn("nobody", "wrong");
        assertThat(wrongPassword.status()).isEqualTo(302);
        assertThat(wrongPassword.header("Location")).endsWith("/signin?error");
        assertThat(noSuchUser.header("Location")).isEqualTo(wrongPassword.header("Location"));
    }

    @Test
    void signed_in_pages_carry_a_strict_policy_and_are_never_cached_or_framed() {
        Response page = signedIn("auditor").get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).isEqualTo(PageSecurity.POLICY)
                .doesNotContain("unsafe-inline");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(signedIn("auditor").get("/board.html").header("Content-Security-Policy"))
                .as("the board too: its script and style are files").isEqualTo(PageSecurity.POLICY);
        assertThat(page.header("Cache-Control")).contains("no-store");
        assertThat(page.header("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(page.body()).doesNotContain("<script>", "style=\"");
    }

    @Test
    void anonymous_pages_send_to_the_sign_in_page_without_a_basic_prompt() {
        Response worklist = new PageSession(port).get("/");
        assertThat(worklist.status()).isEqualTo(302);
        assertThat(worklist.header("Location")).endsWith("/signin");
        assertThat(worklist.header("WWW-Authenticate")).isNull();
        assertThat(anonymous.get("/board.html").header("WWW-Authenticate")).isNull();
    }

    @Test
    void a_signed_in_browser_reads_the_api_and_the_api_makes_no_session() {
        PageSession browser = signedIn("auditor");
        Response ledgers = browser.get("/api/ledgers");
        assertThat(ledgers.status()).isEqualTo(200);
        assertThat(ledgers.contentType()).startsWith("application/json");

        Response basic = auditor.get("/api/ledgers");
        assertThat(basic.status()).isEqualTo(200);
        assertThat(basic.header("Set-Cookie")).as("the API never starts a session").isNull();
    }

    @Test
    void a_department_user_is_refused_the_supervisor_desk() {
        Response desk = signedIn("dept-a").get("/desk");
        assertThat(desk.status()).isEqualTo(403);
        assertThat(desk.contentType()).startsWith("text/html");
        assertThat(desk.body()).contains("您的角色不能打开此页面");
        assertThat(signedIn("supervisor").get("/desk").status()).as("not refused; the desk is built elsewhere")
                .isNotIn(401, 403);
    }

    @Test
    void an_auditor_reads_the_reports_page_but_only_a_supervisor_generates_one_and_a_department_neither() {
        PageSession auditorPages = signedIn("auditor");
        assertThat(auditorPages.get("/reports").status()).isEqualTo(200);
        assertThat(auditorPages.get("/reports").body()).as("no form to generate one").doesNotContain("generate-kind");
        Response posted = auditorPages.post("/reports", Map.of("ledger", "x", "kind", "WEEKLY"), true, "/reports");
        assertThat(posted.status()).isEqualTo(403);
        assertThat(signedIn("dept-a").get("/reports").status()).isEqualTo(403);
        assertThat(signedIn("supervisor").get("/reports").body()).contains("generate-kind");
    }

    @Test
    void every_reader_opens_the_referrals_page_and_nobody_posts_to_it() {
        assertThat(signedIn("dept-a").get("/referrals").status()).isEqualTo(200);
        assertThat(signedIn("auditor").get("/referrals").status()).isEqualTo(200);
        Response posted = signedIn("supervisor").post("/referrals", Map.of(), true, "/referrals");
        assertThat(posted.status()).as("the page only reads").isEqualTo(403);
        assertThat(signedIn("alerts").get("/referrals").status()).isEqualTo(403);
    }

    private PageSession signedIn(String user) {
        PageSession session = new PageSession(port);
        assertThat(session.signIn(user, user).header("Location")).as(user + " signs in").doesNotContain("error");
        return session;
    }
}
