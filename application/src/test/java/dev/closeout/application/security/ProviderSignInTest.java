package dev.closeout.application.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.ApiClient.Response;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.PageSession;
import dev.closeout.application.support.TestIdentityProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in through the identity provider: the API takes its JWT bearer tokens, the pages sign in through
 * it, and a user so signed in acts as a password's user of the same role and department; a token that is
 * forged, out of time, of another issuer or audience, or names no Closeout user is refused 401 saying
 * why. The provider is {@link TestIdentityProvider}, which the shared context trusts.
 */
class ProviderSignInTest extends IntegrationTest {

    private final TestIdentityProvider provider = TestIdentityProvider.get();

    private JWTClaimsSet.Builder claims(String user, String role) {
        return provider.claims(user, clock.instant()).claim("closeout_role", role);
    }

    private ApiClient bearer(JWTClaimsSet claims) {
        return ApiClient.bearer(port, provider.sign(claims));
    }

    private ApiClient clerk(String user, String department) {
        // dcb-clerk is the provider's name for a department clerk (closeout.security.oidc.role-mapping).
        return bearer(claims(user, "dcb-clerk").claim("closeout_department", department).build());
    }

    private String registered(ApiClient by) {
        Response created = by.post("/api/tasks", Map.of("ledger", uniqueLedger("统一身份认证 OIDC"),
                "title", "背街小巷环境整治", "leadDepartment", "DEPT-A", "dueDate", today().plusDays(30).toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return "/api/tasks/" + created.json().get("taskId").asText();
    }

    private static void assertRefused(Response response, int status, String reason) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asText()).contains(reason);
    }

    @Test
    void a_supervisors_token_registers_and_a_department_clerks_token_claims_as_that_department() {
        String task = registered(bearer(claims("li.dcb", "SUPERVISOR").build()));

        assertRefused(clerk("wang.b", "DEPT-B").post(task + "/claim"), 403, "DEPT-A");
        Response claimed = clerk("zhang.wei", "DEPT-A").post(task + "/claim");
        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);

        JsonNode history = auditor.get(task + "/history").json();
        assertThat(history.get(0).get("actor").get("user").asText()).isEqualTo("li.dcb");
        assertThat(history.get(0).get("actor").get("role").asText()).isEqualTo("SUPERVISOR");
        JsonNode claimant = history.get(1).get("actor");
        assertThat(claimant.get("user").asText()).isEqualTo("zhang.wei");
        assertThat(claimant.get("role").asText()).isEqualTo("DEPARTMENT");
        assertThat(claimant.get("department").asText()).isEqualTo("DEPT-A");
    }

    @Test
    void a_department_token_reads_a_complaint_as_a_password_user_of_that_department_does() {
        String complaint = "/api/complaints/" + supervisor.post("/api/complaints", Map.of("channel", "HOTLINE_12345",
                "subject", "路灯不亮", "content", "小区路灯坏了一周", "complainant",
                Map.of("name", "欧阳娜娜", "phone", "13812345678"))).json().get("complaintId").asText();
        supervisor.post(complaint + "/assign", Map.of("department", "DEPT-A", "dueDate", today().plusDays(10).toString()));

        assertThat(clerk("zhang.wei", "DEPT-A").get(complaint).json()).isEqualTo(deptA.get(complaint).json());
        JsonNode masked = clerk("wang.b", "DEPT-B").get(complaint).json();
        assertThat(masked).isEqualTo(deptB.get(complaint).json());
        assertThat(masked.get("complainantMasked").asBoolean()).isTrue();
    }

    @Test
    void an_auditors_token_reads_but_cannot_command() {
        String task = registered(supervisor);
        ApiClient auditorToken = bearer(claims("zhao.sj", "AUDITOR").build());

        assertThat(auditorToken.get(task).status()).isEqualTo(200);
        assertRefused(auditorToken.post(task + "/withdraw", Map.of("reason", "误挂")), 403, "role");
        assertRefused(auditorToken.post("/api/tasks", Map.of()), 403, "role");
    }

    @Test
    void a_forged_expired_or_misdirected_token_is_refused_401_saying_why() {
        Instant now = clock.instant();
        JWTClaimsSet valid = claims("li.dcb", "SUPERVISOR").build();
        JWTClaimsSet expired = new JWTClaimsSet.Builder(valid).issueTime(Date.from(now.minusSeconds(3600)))
                .expirationTime(Date.from(now.minusSeconds(600))).build();
        JWTClaimsSet otherIssuer = new JWTClaimsSet.Builder(valid).issuer("https://sso.example.org").build();
        JWTClaimsSet otherAudience = new JWTClaimsSet.Builder(valid).audience("another-api").build();

        Map<String, String> refused = Map.of(
                TestIdentityProvider.signWithForeignKey(valid), "Invalid signature",
                provider.sign(expired), "Jwt expired",
                provider.sign(otherIssuer), "The iss claim is not valid",
                provider.sign(otherAudience), "The aud claim is not valid",
                "not.a.token", "Malformed token");
        refused.forEach((token, reason) -> {
            Response answer = ApiClient.bearer(port, token).get("/api/calendar/2026");
            assertRefused(answer, 401, reason);
            assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
        });
        assertThat(bearer(valid).get("/api/calendar/2026").status()).isEqualTo(200);
    }

    @Test
    void a_token_that_names_no_role_no_known_role_or_no_department_for_a_clerk_is_refused_401_saying_which() {
        String path = "/api/ledgers/" + encoded(uniqueLedger("无角色"));
        assertRefused(bearer(provider.claims("nobody", clock.instant()).build()).get(path), 401,
                "no role in its claim 'closeout_role'");
        assertRefused(bearer(claims("nobody", "janitor").build()).get(path), 401, "names no Closeout role (janitor)");
        assertRefused(bearer(claims("nobody", "SYSTEM").build()).get(path), 401, "names no Closeout role (SYSTEM)");
        assertRefused(bearer(provider.claims("nobody", clock.instant())
                .claim("closeout_role", List.of("SUPERVISOR", "AUDITOR")).build()).get(path), 401, "more than one");
        assertRefused(bearer(claims("nobody", "DEPARTMENT").build()).get(path), 401,
                "no department in its claim 'closeout_department'");
        assertRefused(bearer(claims(null, "SUPERVISOR").build()).get(path), 401, "no user in its claim 'preferred_username'");
    }

    @Test
    void a_token_naming_a_user_disabled_in_closeout_is_refused() {
        String name = "oidc-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(supervisor.post("/api/admin/users", Map.of("name", name, "password", "a long password 1",
                "role", "DEPARTMENT", "department", "DEPT-A")).status()).isEqualTo(201);
        ApiClient token = clerk(name, "DEPT-A");
        assertThat(token.get("/api/calendar/2026").status()).isNotEqualTo(401);

        supervisor.post("/api/admin/users/" + name + "/disable");

        assertRefused(token.get("/api/calendar/2026"), 401, "disabled");
    }

    @Test
    void without_credentials_the_api_offers_both_basic_and_bearer() {
        Response answer = anonymous.get("/api/calendar/2026");
        assertRefused(answer, 401, "bearer token");
        assertThat(answer.headers().get("www-authenticate")).containsExactly("Basic realm=\"closeout\"", "Bearer");
    }

    @Test
    void the_sign_in_page_sends_the_browser_to_the_providers_authorization_endpoint() {
        PageSession browser = new PageSession(port);
        assertThat(browser.get("/signin").body()).contains("href=\"" + PageSecurity.PROVIDER_SIGN_IN + "\"");

        Response redirect = browser.get(PageSecurity.PROVIDER_SIGN_IN);

        assertThat(redirect.status()).isEqualTo(302);
        URI location = URI.create(redirect.header("Location"));
        assertThat(location.getScheme() + "://" + location.getAuthority() + location.getPath())
                .isEqualTo(provider.issuer() + "/authorize");
        assertThat(location.getQuery()).contains("response_type=code", "client_id=" + TestIdentityProvider.CLIENT_ID,
                "scope=openid profile", "redirect_uri=http://127.0.0.1:" + port + "/login/oauth2/code/closeout",
                "state=", "nonce=");
    }

    @Test
    void a_clerk_signs_in_to_the_pages_through_the_provider_and_acts_for_its_department() {
        String task = registered(supervisor);
        PageSession browser = new PageSession(port);

        Response back = returnFromProvider(browser, "dcb-clerk");

        assertThat(back.status()).as(back.toString()).isEqualTo(302);
        assertThat(back.header("Location")).endsWith("/");
        Response worklist = browser.get("/");
        assertThat(worklist.status()).isEqualTo(200);
        assertThat(worklist.body()).contains("zhang.wei", "DEPT-A");
        // The pages' session reads the API as the same user (the board's scripts do).
        assertThat(browser.get(task).status()).isEqualTo(200);
        assertThat(browser.get("/desk").status()).as("a clerk opens no supervisor's desk").isEqualTo(403);
    }

    @Test
    void a_provider_sign_in_that_names_no_closeout_role_is_sent_back_to_the_sign_in_page_saying_so() {
        PageSession browser = new PageSession(port);

        Response back = returnFromProvider(browser, "janitor");

        assertThat(back.status()).as(back.toString()).isEqualTo(302);
        assertThat(back.header("Location")).endsWith("/signin?refused");
        assertThat(browser.get("/signin?refused&lang=en").body()).contains("names no Closeout role");
        assertThat(browser.get("/").status()).as("not signed in").isEqualTo(302);
    }

    @Test
    void a_provider_sign_in_that_cannot_start_sends_the_browser_back_to_the_sign_in_page_saying_so() {
        // No registration of that name: the flow fails to start as it does when the provider cannot be reached.
        Response start = new PageSession(port).get("/oauth2/authorization/another-provider");

        assertThat(start.status()).as(start.toString()).isEqualTo(302);
        assertThat(start.header("Location")).endsWith("/signin?unavailable");
        assertThat(new PageSession(port).get("/signin?unavailable&lang=en").body()).contains("could not start");
    }

    /**
     * Starts the sign-in through the provider and comes back as the provider sends a browser back, the
     * provider having signed in zhang.wei of DEPT-A in {@code role}.
     */
    private Response returnFromProvider(PageSession browser, String role) {
        Map<String, String> request = query(URI.create(browser.get(PageSecurity.PROVIDER_SIGN_IN).header("Location")));
        provider.answerNextCodeWith(provider.claims("zhang.wei", clock.instant())
                .audience(TestIdentityProvider.CLIENT_ID).claim("nonce", request.get("nonce"))
                .claim("closeout_role", role).claim("closeout_department", "DEPT-A").build());
        return browser.get("/login/oauth2/code/closeout?code=" + UUID.randomUUID() + "&state=" + encoded(request.get("state")));
    }

    private static Map<String, String> query(URI uri) {
        return Arrays.stream(uri.getQuery().split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    }
}
