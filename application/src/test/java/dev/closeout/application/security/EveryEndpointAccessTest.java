package dev.closeout.application.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient.Response;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.PageSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every path of the OpenAPI description walked as every role with every
 * method: a role refused a path is refused it by every method, HEAD and OPTIONS included; each role
 * reads what it may and no more; every refusal is a problem; nothing answers 500.
 */
class EveryEndpointAccessTest extends IntegrationTest {

    private static final List<String> METHODS = List.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH");
    private static final List<String> ROLES = List.of("supervisor", "dept-a", "auditor", "alerts", "operator",
            "anonymous");
    private static final Set<String> SIGNED_IN = Set.of("supervisor", "dept-a", "auditor", "alerts", "operator");
    private static final Set<String> READERS = Set.of("supervisor", "dept-a", "auditor");
    private static final Set<String> ALERT_READERS = Set.of("supervisor", "auditor", "alerts");

    /** Who may read under each path, most specific first: a path not listed here fails the walk until it is. */
    private static final Map<String, Set<String>> READ_ACCESS = readAccess();

    private static Map<String, Set<String>> readAccess() {
        Map<String, Set<String>> access = new LinkedHashMap<>();
        access.put("/api/webhooks/{id}/deliveries/{deliveryId}/retry", Set.of("supervisor"));
        access.put("/api/webhooks", ALERT_READERS);
        access.put("/api/alerts", ALERT_READERS);
        access.put("/api/admin/dead-letters", Set.of("supervisor", "operator"));
        access.put("/api/admin", Set.of("supervisor"));
        access.put("/api/ledgers/{ledger}/import-template.xlsx", READERS);
        access.put("/api/ledgers/{ledger}/import", Set.of("supervisor"));
        access.put("/api/ledgers/{ledger}/trend", READERS);
        access.put("/api/audit", Set.of("supervisor", "auditor"));
        access.put("/api/inspection-rounds", Set.of("supervisor", "auditor"));
        access.put("/api/reports", Set.of("supervisor", "auditor"));
        // Planning, confirming and returning milestones is the supervisors', reporting one met the
        // lead department's: the Task aggregate decides, as for every task command.
        access.put("/api/tasks/{id}/milestones", READERS);
        for (String read : List.of("/api/tasks", "/api/complaints", "/api/complaint-ledger", "/api/ledgers",
                "/api/scorecards", "/api/search", "/api/referrals")) {
            access.put(read, READERS);
        }
        access.put("/api/calendar", SIGNED_IN);
        access.put("/api/me/password", SIGNED_IN);
        access.put("/actuator/info", SIGNED_IN);
        access.put("/actuator/prometheus", Set.of("operator"));
        access.put("/actuator/health", Set.of("supervisor", "dept-a", "auditor", "alerts", "operator", "anonymous"));
        access.put("/v3/api-docs", Set.of("supervisor", "dept-a", "auditor", "alerts", "operator", "anonymous"));
        return access;
    }

    /**
     * Who may open each page (signed in with the sign-in form, not HTTP Basic), most specific first. Pages
     * not built yet (the desk, the ledger, alerts) are listed so that their rules are walked already.
     */
    private static final Map<String, Set<String>> PAGE_ACCESS = pageAccess();

    private static Map<String, Set<String>> pageAccess() {
        Map<String, Set<String>> access = new LinkedHashMap<>();
        access.put("/desk", Set.of("supervisor"));
        access.put("/alerts", Set.of("supervisor", "auditor"));
        access.put("/reports", Set.of("supervisor", "auditor"));
        for (String page : List.of("/", "/board.html", "/tasks/{id}", "/complaints/{id}", "/ledgers", "/search",
                "/referrals")) {
            access.put(page, READERS);
        }
        return access;
    }

    /**
     * Parameters every read of the walk may need; the rebuild is pointed at a read model that does not
     * exist, so that walking it as a supervisor rebuilds nothing under the other tests' feet.
     */
    private static final String QUERY = "?from=2026-01-01&to=2026-01-31&days=3&department=DEPT-A&colour=RED"
            + "&processor=no-such-read-model";
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

    private String ledger;
    private String taskId;
    private String complaintId;
    private String webhookId;
    private String roundId;

    /**
     * A withdrawn task, a complaint never assigned and a subscription to a department nobody is, so
     * that the commands the walk sends change little and nothing reaches the other tests.
     */
    @BeforeEach
    void itemsToWalk() {
        ledger = uniqueLedger("Access walk");
        taskId = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "walked", "leadDepartment", "DEPT-A",
                "dueDate", today().plusDays(30).toString())).json().get("taskId").asText();
        assertThat(supervisor.post("/api/tasks/" + taskId + "/withdraw", Map.of("reason", "walked")).status())
                .isEqualTo(200);
        complaintId = supervisor.post("/api/complaints", Map.of("channel", "PETITION", "subject", "walked",
                "content", "walked")).json().get("complaintId").asText();
        roundId = supervisor.post("/api/inspection-rounds", Map.of("kind", "SPECIAL", "title", "walked",
                "units", List.of("DEPT-A"))).json().get("roundId").asText();
        webhookId = alerts.post("/api/webhooks", Map.of("url", "http://127.0.0.1:9/hook",
                "departments", List.of("DEPT-NOBODY"))).json().get("id").asText();
    }

    @AfterEach
    void deleteSubscription() {
        supervisor.delete("/api/webhooks/" + webhookId);
    }

    @Test
    void a_role_refused_a_path_is_refused_it_by_every_method_and_reads_only_what_it_may() throws Exception {
        List<String> paths = new ArrayList<>();
        anonymous.get("/v3/api-docs").json().get("paths").fieldNames().forEachRemaining(paths::add);
        paths.addAll(List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
                "/actuator/info", "/actuator/prometheus", "/v3/api-docs"));
        ExecutorService roles = Executors.newFixedThreadPool(ROLES.size());
        try {
            List<Future<List<String>>> walks = new ArrayList<>();
            for (String role : ROLES) {
                walks.add(roles.submit(() -> walk(role, paths)));
            }
            List<String> problems = new ArrayList<>();
            for (Future<List<String>> walk : walks) {
                problems.addAll(walk.get());
            }
            assertThat(problems).isEmpty();
        } finally {
            roles.shutdownNow();
        }
    }

    /** What is wrong with the answers to one role's requests, by every method, to every path. */
    private List<String> walk(String role, List<String> paths) {
        Requests client = new Requests(port, role.equals("anonymous") ? null : role);
        List<String> problems = new ArrayList<>();
        for (String template : paths) {
            String path = filled(template) + QUERY;
            Map<String, Response> answers = new LinkedHashMap<>();
            for (String method : METHODS) {
                answers.put(method, unsafe(method)
                        ? client.send(method, path, Map.of("Content-Type", "application/json"), "{}")
                        : client.send(method, path));
            }
            String as = role + " on " + template + ": ";
            boolean refused = refused(answers.get("GET"));
            if (refused != !readersOf(template).contains(role)) {
                problems.add(as + "GET answered " + answers.get("GET") + ", but READ_ACCESS says otherwise");
            }
            answers.forEach((method, answer) -> {
                if (answer.status() >= 500) {
                    problems.add(as + method + " failed: " + answer);
                }
                if (refused && answer.status() != (role.equals("anonymous") ? 401 : 403)) {
                    problems.add(as + method + " answered " + answer + " where GET was refused");
                }
                if (refused && answer.header("Allow") != null) {
                    problems.add(as + method + " told the methods it allows: " + answer.header("Allow"));
                }
                if (!refused && refused(answer) && Set.of("HEAD", "OPTIONS").contains(method)) {
                    problems.add(as + method + " refused (" + answer.status() + ") where GET was not");
                }
                if (refused(answer) && !"application/problem+json".equals(answer.contentType())) {
                    problems.add(as + method + " refusal is not a problem: " + answer.contentType());
                }
                if (refused(answer) && answer.header("X-Total-Count") != null) {
                    problems.add(as + method + " refused, yet counted " + answer.header("X-Total-Count"));
                }
            });
        }
        return problems;
    }

    /**
     * The 公示 public board and the pages' stylesheets and scripts are open to anyone, signed in or not;
     * being pages, they take no form without its CSRF token either.
     */
    @Test
    void the_public_board_and_the_page_assets_are_open_to_anyone() {
        List<String> problems = new ArrayList<>();
        for (String role : ROLES) {
            PageSession browser = new PageSession(port);
            if (!role.equals("anonymous")) {
                browser.signIn(role, role);
            }
            for (String path : List.of("/public", "/css/board.css", "/css/public.css", "/css/workspace.css",
                    "/js/board.js", "/favicon.svg")) {
                Response get = browser.get(path);
                if (get.status() != 200) {
                    problems.add(role + " on " + path + ": GET answered " + get.status());
                }
                Response forged = browser.post(path, Map.of(), false, "/signin");
                if (forged.status() != 403) {
                    problems.add(role + " on " + path + ": a POST without a CSRF token answered " + forged.status());
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * Each role, signed in through the form, opens the pages it may and is refused (403, a page saying
     * so) the others; no one signed in is sent to the sign-in page instead of any. A form posted to a
     * page without its CSRF token is refused whoever posts it; nothing answers 500.
     */
    @Test
    void each_role_opens_the_pages_it_may_and_is_refused_the_others() {
        List<String> problems = new ArrayList<>();
        for (String role : ROLES) {
            PageSession browser = new PageSession(port);
            if (!role.equals("anonymous")) {
                browser.signIn(role, role);
            }
            PAGE_ACCESS.forEach((template, readers) -> {
                String path = template.replace("{id}", template.startsWith("/tasks/") ? taskId : complaintId);
                Response get = browser.get(path);
                String as = role + " on " + path + ": ";
                if (get.status() >= 500) {
                    problems.add(as + "GET failed: " + get);
                }
                boolean toSignIn = get.status() == 302 && get.header("Location").endsWith("/signin");
                if (role.equals("anonymous") != toSignIn) {
                    problems.add(as + "GET answered " + get.status() + " " + get.header("Location"));
                }
                if (!role.equals("anonymous") && (get.status() == 403) == readers.contains(role)) {
                    problems.add(as + "GET answered " + get.status() + ", but PAGE_ACCESS says otherwise");
                }
                Response forged = browser.post(path, Map.of(), false, "/signin");
                if (!(forged.status() == 403 || role.equals("anonymous") && forged.status() == 302)) {
                    problems.add(as + "a POST without a CSRF token answered " + forged.status());
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void head_as_the_alert_consumer_is_refused_wherever_get_is_and_counts_nothing() {
        Requests asAlerts = new Requests(port, "alerts");
        String ledgerPath = ledgerPath(ledger);
        for (String path : List.of(ledgerPath + "/entries?department=DEPT-A&colour=RED", ledgerPath + "/entries.csv", ledgerPath + "/entries.xlsx",
                ledgerPath + "/import-template.xlsx", "/api/scorecards.xlsx",
                ledgerPath, "/api/ledgers", "/api/complaints/" + complaintId, "/api/complaint-ledger?from=2026-01-01&to=2026-01-31",
                "/api/tasks/" + taskId, "/api/tasks/" + taskId + "/history", "/api/scorecards")) {
            Response head = asAlerts.send("HEAD", path);
            assertThat(head.status()).as("HEAD " + path).isEqualTo(403);
            assertThat(head.contentType()).as("HEAD " + path).isEqualTo("application/problem+json");
            assertThat(head.header("X-Total-Count")).as("HEAD " + path).isNull();
        }
    }

    /**
     * A variant is refused by the rules (401/403), by the firewall (400), or reaches no resource (404,
     * e.g. once encoded separators are let through to controllers); it is never served. A variant the
     * API's chain does not take is a page, where HTTP Basic signs no one in: it is sent to sign in.
     */
    @Test
    void path_variants_the_rules_do_not_name_are_refused_not_served() {
        Requests asAlerts = new Requests(port, "alerts");
        Requests asAnonymous = new Requests(port, null);
        for (String variant : List.of("/board.html/", "/Board.html", "/board.html;x=1/", "/board.html%3B",
                "/api/ledgers/", "/API/ledgers", "/api/%6Cedgers", "/api/Ledgers", "//api/ledgers", "/api//ledgers",
                "/api%2Fledgers", "/api/ledgers%2F" + encoded(ledger), "/api/alerts%3Bx", "/api/ledgers/%2E%2E/alerts",
                "/api/alerts/..%2F..%2Fboard.html", "/api/alerts/%2E%2E/%2E%2E/board.html",
                "/api/calendar/..;/..;/board.html", "/api/calendar/..%5C..%5Cboard.html", "/error", "/")) {
            for (String method : List.of("GET", "HEAD")) {
                Response asAlert = asAlerts.send(method, variant);
                assertThat(asAlert.status() == 302 ? signIn(asAlert) : asAlert.status())
                        .as("alerts " + method + " " + variant + ": " + asAlert).isIn(400, 403, 404, SENT_TO_SIGN_IN);
                assertThat(asAlert.body()).as("alerts " + method + " " + variant).doesNotContain("作战图");
                assertThat(asAlert.header("X-Total-Count")).as("alerts " + method + " " + variant).isNull();
                Response anonymousRead = asAnonymous.send(method, variant);
                assertThat(anonymousRead.status() == 302 ? signIn(anonymousRead) : anonymousRead.status())
                        .as("anonymous " + method + " " + variant + ": " + anonymousRead).isIn(400, 401, SENT_TO_SIGN_IN);
            }
        }
        assertThat(signIn(asAlerts.send("GET", "/board.html/"))).isEqualTo(SENT_TO_SIGN_IN);
    }

    /** Stands for a redirect to the sign-in page among the statuses a variant may be answered with. */
    private static final int SENT_TO_SIGN_IN = -302;

    private static int signIn(Response redirect) {
        String location = redirect.header("Location");
        return location != null && location.endsWith("/signin") ? SENT_TO_SIGN_IN : redirect.status();
    }

    /** Tomcat refuses TRACE before the application sees it; the access rules refuse it behind that too. */
    @Test
    void trace_is_refused_to_everyone() {
        for (String user : List.of("supervisor", "alerts")) {
            Response trace = new Requests(port, user).send("TRACE", "/api/ledgers");
            assertThat(trace.status()).as(user + " TRACE").isBetween(400, 499);
            assertThat(trace.body()).as(user + " TRACE echoes nothing").doesNotContain("Authorization", "Basic ");
        }
    }

    private static boolean unsafe(String method) {
        return !Set.of("GET", "HEAD", "OPTIONS").contains(method);
    }

    private static boolean refused(Response answer) {
        return answer.status() == 401 || answer.status() == 403;
    }

    private static Set<String> readersOf(String template) {
        return READ_ACCESS.entrySet().stream().filter(rule -> template.startsWith(rule.getKey())).findFirst()
                .map(Map.Entry::getValue)
                .orElseThrow(() -> new AssertionError(template + " is new: add who may read it to READ_ACCESS"));
    }

    private String filled(String template) {
        Matcher variable = VARIABLE.matcher(template);
        StringBuilder path = new StringBuilder();
        while (variable.find()) {
            variable.appendReplacement(path, Matcher.quoteReplacement(value(template, variable.group(1))));
        }
        return variable.appendTail(path).toString();
    }

    private String value(String template, String variable) {
        return switch (variable) {
            case "ledger" -> encoded(ledger);
            case "year" -> "2026";
            case "milestoneId" -> "M1";
            case "deliveryId" -> "no-such-delivery";
            case "fileId" -> "0123456789abcdef01234567";
            case "findingId" -> "no-such-finding";
            case "unit" -> "DEPT-A";
            // a group that exists and an item parked in none: retry and evict answer 404, change nothing
            case "group" -> "ledger";
            case "sequenceId" -> "no-such-item";
            // a user nobody added: disable, enable and reset answer 404, change nothing
            case "name" -> "no-such-user";
            case "id" -> template.startsWith("/api/tasks/") ? taskId
                    : template.startsWith("/api/complaints/") ? complaintId
                    : template.startsWith("/api/webhooks/") ? webhookId
                    : template.startsWith("/api/inspection-rounds/") ? roundId
                    : template.startsWith("/api/reports/") ? "no-such-report"
                    : fail(template);
            default -> fail(template);
        };
    }

    private static String fail(String template) {
        throw new AssertionError(template + " has a path variable the walk cannot fill yet");
    }
}
