package dev.closeout.application.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.complaint.ComplaintResponse;
import dev.closeout.application.complaint.ComplaintService;
import dev.closeout.application.support.ApiClient.FilePart;
import dev.closeout.application.support.ApiClient.Response;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.PageSession;
import dev.closeout.application.task.TaskService;
import dev.closeout.application.security.CloseoutUser;
import dev.closeout.application.security.UserStore;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.Role;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.projections.alert.AlertFeed;
import dev.closeout.projections.complaint.OpenComplaints;
import dev.closeout.projections.ledger.LedgerQueries;
import dev.closeout.projections.ledger.OpenTasks;
import dev.closeout.projections.ledger.PendingDecisions;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.ui.ExtendedModelMap;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.ModelAndView;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages over plain HTTP, where no browser is needed to see it: what a page answers when it cannot be
 * shown (a page, never JSON; the API keeps problem+json), a file refused beside its input, readable labels in
 * the timeline, and open complaints read in one batch.
 */
class WorkspacePagesTest extends IntegrationTest {

    @Autowired
    private TaskService tasks;
    @Autowired
    private ComplaintService complaints;
    @Autowired
    private LedgerQueries ledgers;
    @Autowired
    private OpenTasks openTasks;
    @Autowired
    private OpenComplaints openComplaints;
    @Autowired
    private PendingDecisions pending;
    @Autowired
    private AlertFeed feed;
    @Autowired
    private EscalationLadder ladder;
    @Autowired
    private UserStore users;

    private PageSession signedIn(String user) {
        PageSession session = new PageSession(port);
        session.signIn(user, user);
        return session;
    }

    private String claimedTask(String ledger) {
        String taskId = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "老旧小区改造",
                "leadDepartment", "DEPT-A", "dueDate", today().plusDays(30).toString(), "source",
                "SELF_IDENTIFIED")).json().get("taskId").asText();
        assertThat(deptA.post("/api/tasks/" + taskId + "/claim").status()).isEqualTo(200);
        return taskId;
    }

    @Test
    void the_ledgers_page_shows_each_ledger_as_it_stood_at_the_end_of_a_past_day() {
        String ledger = uniqueLedger("截至 As of");
        String taskId = claimedTask(ledger);
        LocalDate registeredOn = today();
        PageSession page = signedIn("auditor");
        try {
            clock.advance(Duration.ofDays(1));
            assertThat(supervisor.post("/api/tasks/" + taskId + "/withdraw", Map.of("reason", "重复挂账")).status())
                    .isEqualTo(200);
            Eventually.until(Duration.ofSeconds(30), () -> auditor.get(ledgerPath(ledger)).json(),
                    figures -> figures.get("open").asLong() == 0);

            // registered, open, closed: today after the withdrawal, and at the end of the day it was registered
            assertThat(figuresOf(page.get("/ledgers").body(), ledger)).startsWith("1", "0", "0");
            Response past = page.get("/ledgers?asOf=" + registeredOn);
            assertThat(past.body()).contains("以下为 " + registeredOn + " 日终");
            assertThat(figuresOf(past.body(), ledger)).startsWith("1", "1", "0");
            assertThat(page.get("/ledgers?asOf=" + registeredOn.minusDays(1)).body()).as("no task yet that day")
                    .doesNotContain(ledger);
            Response future = page.get("/ledgers?asOf=" + today().plusDays(1));
            assertThat(future.status()).isEqualTo(400);
            assertThat(future.body()).contains("asOf");
        } finally {
            clock.reset();
        }
    }

    /** The figures the ledgers page shows for {@code ledger}, in the page's order. */
    private static List<String> figuresOf(String html, String ledger) {
        int at = html.indexOf(">" + ledger + "<");
        assertThat(at).as("%s is listed", ledger).isPositive();
        String item = html.substring(at, html.indexOf("</li>", at));
        return java.util.regex.Pattern.compile("<dd>([^<]*)</dd>").matcher(item).results().map(m -> m.group(1)).toList();
    }

    /** A page that names no icon makes every browser ask for /favicon.ico on every page it opens. */
    @Test
    void every_kind_of_page_names_the_icon_anyone_may_fetch() {
        String ledger = uniqueLedger("图标 Icon");
        String taskId = claimedTask(ledger);
        PageSession page = signedIn("dept-a");
        String icon = "<link rel=\"icon\" type=\"image/svg+xml\" href=\"/favicon.svg\">";

        assertThat(page.get("/").body()).contains(icon);
        assertThat(page.get("/tasks/" + taskId).body()).contains(icon);
        assertThat(page.get("/tasks/no-such-task").body()).contains(icon);
        assertThat(page.get("/board.html").body()).contains(icon);
        assertThat(new PageSession(port).get("/signin").body()).contains(icon)
                .as("the demo users are said on the page, not only in the log").contains("演示账户已启用");
        assertThat(anonymous.get("/public/" + encoded(PUBLIC_LEDGER)).body()).contains(icon);
        Response svg = anonymous.get("/favicon.svg");
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.contentType()).startsWith("image/svg+xml");
    }

    @Test
    void a_query_parameter_that_cannot_be_read_answers_a_readable_page_naming_it_while_the_api_keeps_json() {
        String ledger = uniqueLedger("参数 Parameters");
        claimedTask(ledger);
        PageSession page = signedIn("auditor");

        Response chinese = page.get("/ledgers/" + encoded(ledger) + "?page=abc");
        Response english = page.get("/ledgers/" + encoded(ledger) + "?colour=PURPLE&lang=en");
        Response publicBoard = anonymous.get("/public/" + encoded(PUBLIC_LEDGER) + "?page=abc");
        Response api = auditor.get(ledgerPath(ledger) + "/entries?limit=abc");

        assertThat(chinese.status()).isEqualTo(400);
        assertThat(chinese.contentType()).startsWith("text/html");
        assertThat(chinese.body()).contains("地址中的参数无法读取", "参数 page 的值“abc”无法读取", "工作台", "退出");
        assertThat(english.status()).isEqualTo(400);
        assertThat(english.body()).contains("The value &quot;PURPLE&quot; of parameter colour cannot be read");
        assertThat(publicBoard.status()).isEqualTo(400);
        assertThat(publicBoard.contentType()).startsWith("text/html");
        assertThat(publicBoard.body()).contains("请求有误", "Bad request", "page has a value that cannot be read: abc");
        assertThat(api.status()).isEqualTo(400);
        assertThat(api.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void an_item_that_does_not_exist_answers_a_404_page_in_the_layout_in_the_readers_language() {
        PageSession page = signedIn("dept-a");

        Response chinese = page.get("/tasks/no-such-task");
        Response english = page.get("/complaints/no-such-complaint?lang=en");
        Response noSuchPath = page.get("/ledgers/a/b/c");
        Response api = deptA.get("/api/tasks/no-such-task");

        assertThat(chinese.status()).isEqualTo(404);
        assertThat(chinese.contentType()).startsWith("text/html");
        assertThat(chinese.body()).contains("找不到此页面", "<nav", "English").doesNotContain("\"status\"");
        assertThat(english.status()).isEqualTo(404);
        assertThat(english.body()).contains("Page not found", "Back to the worklist");
        assertThat(noSuchPath.status()).isEqualTo(404);
        assertThat(noSuchPath.contentType()).startsWith("text/html");
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.contentType()).isEqualTo("application/problem+json");
    }

    /**
     * A form posted from a worklist narrowed to a ledger returns there; the ledger's name is any text, braces and
     * plus signs included, and a redirect must not read {@code {一}} as a variable of a URI template (the claim was
     * stored, and the clerk saw a 500 page).
     */
    @Test
    void a_form_returns_to_the_worklist_of_a_ledger_whose_name_holds_braces_and_a_plus_sign() {
        String ledger = uniqueLedger("台账{一}+二");
        String taskId = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "老旧小区改造",
                "leadDepartment", "DEPT-A", "dueDate", today().plusDays(30).toString())).json().get("taskId").asText();
        PageSession page = signedIn("dept-a");

        Response claimed = page.post("/tasks/" + taskId + "/claim", Map.of("ledger", ledger), true, "/tasks/" + taskId);

        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(302);
        String back = claimed.header("Location");
        assertThat(back).doesNotContain("{", "}", "+");
        assertThat(URI.create(back).getPath()).isEqualTo("/");
        assertThat(URLDecoder.decode(URI.create(back).getRawQuery(), StandardCharsets.UTF_8))
                .isEqualTo("ledger=" + ledger);
        assertThat(page.get("/?" + URI.create(back).getRawQuery()).status()).isEqualTo(200);
        assertThat(supervisor.get("/api/tasks/" + taskId).json().get("status").asText()).isEqualTo("CLAIMED");
    }

    /** A refusal drawn beside its form is not shown again on its own; one whose form is gone is, once. */
    @Test
    void a_refusal_is_shown_beside_its_form_or_on_its_own_once() {
        String taskId = claimedTask(uniqueLedger("refusal alone"));
        PageSession page = signedIn("dept-a");

        Response beside = page.post("/tasks/" + taskId + "/progress", Map.of("percentComplete", "150", "note", "超额",
                "back", "item"), true, "/tasks/" + taskId);
        Response alone = page.post("/tasks/" + taskId + "/claim", Map.of("back", "item"), true, "/tasks/" + taskId);

        assertThat(beside.status()).isEqualTo(400);
        assertThat(beside.body()).contains("class=\"refusal\"").doesNotContain("refusal-alone");
        assertThat(alone.status()).isEqualTo(409);
        assertThat(alone.body()).containsOnlyOnce("refusal-alone").containsOnlyOnce("未能办理");
    }

    @Test
    void a_fault_of_ours_on_a_page_is_a_500_page_that_shows_no_internals() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ledgers/x");
        MockHttpServletResponse response = new MockHttpServletResponse();

        ModelAndView answer = new PageErrors().resolveException(request, response, null,
                new IllegalStateException("secret internals"));

        assertThat(answer.getStatus().value()).isEqualTo(500);
        assertThat(answer.getViewName()).isEqualTo("error");
        assertThat(answer.getModel()).containsEntry("message", new PageErrors.Message("failed", List.of()))
                .containsEntry("detail", null);
        assertThat(new PageErrors().resolveException(new MockHttpServletRequest("GET", "/public/x"), response, null,
                new IllegalStateException()).getViewName()).as("the public board's own page").isEqualTo("public/error");
        assertThat(new PageErrors().resolveException(new MockHttpServletRequest("GET", "/api/tasks/x"), response, null,
                new IllegalStateException())).as("the API's own problem+json").isNull();
        ModelAndView failedWhileRendered = new PageErrors().page(HttpStatus.INTERNAL_SERVER_ERROR, "/desk", response);
        assertThat(failedWhileRendered.getViewName()).isEqualTo("error");
        assertThat(failedWhileRendered.getModel()).containsEntry("message", new PageErrors.Message("failed", List.of()));
    }

    /** The desk's transfer names its department as the API does, so a refusal naming it is shown beside its input. */
    @Test
    void a_transfer_without_its_department_is_refused_beside_the_department_input() {
        String id = supervisor.post("/api/complaints", Map.of("channel", "HOTLINE_12345", "subject", "路灯不亮",
                "content", "三号楼前")).json().get("complaintId").asText();
        String due = today().plusDays(10).toString();
        assertThat(supervisor.post("/api/complaints/" + id + "/assign", Map.of("department", "DEPT-A", "dueDate", due))
                .status()).isEqualTo(200);
        assertThat(deptA.post("/api/complaints/" + id + "/transfer-request", Map.of("reason", "属供电公司职责"))
                .status()).isEqualTo(200);
        PageSession page = signedIn("supervisor");
        Eventually.until(Duration.ofSeconds(30), () -> page.get("/desk").body(), body -> body.contains("transfer-" + id));

        Response refused = page.post("/desk/complaints/" + id + "/transfer", Map.of("department", " ",
                "dueDate", due, "reason", "转供电公司"), true, "/desk");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.body()).containsPattern("id=\"transfer-department-" + id + "\"[^>]*aria-invalid=\"true\"")
                .containsPattern("id=\"transfer-department-" + id + "-error\"");
    }

    /**
     * 督办 of a task the desk does not list (a yellow or blue one, or a red one past the desk's twenty) is on the task's
     * page, for supervisors only, and not on the worklist's rows.
     */
    @Test
    void a_supervisor_escalates_a_task_from_its_page_and_a_department_is_not_offered_it() {
        String ledger = uniqueLedger("督办 on the page");
        String taskId = claimedTask(ledger);
        EscalationLadder.Level second = ladder.levels().get(1);
        PageSession page = signedIn("supervisor");

        assertThat(page.get("/tasks/" + taskId).body()).contains("/tasks/" + taskId + "/escalate")
                .contains("value=\"" + second.code() + "\"");
        assertThat(shown(signedIn("dept-a"), "/tasks/" + taskId)).contains("/tasks/" + taskId + "/progress")
                .doesNotContain("/escalate");
        assertThat(Eventually.until(Duration.ofSeconds(30), () -> page.get("/?ledger=" + URLEncoder.encode(ledger, StandardCharsets.UTF_8)).body(),
                body -> body.contains(taskId))).doesNotContain("/tasks/" + taskId + "/escalate");

        Response refused = page.post("/tasks/" + taskId + "/escalate", Map.of("level", second.code(), "reason", " ",
                "back", "item"), true, "/tasks/" + taskId);
        Response escalated = page.post("/tasks/" + taskId + "/escalate", Map.of("level", second.code(),
                "reason", "进度滞后", "back", "item"), true, "/tasks/" + taskId);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).containsPattern("id=\"escalate-reason-" + taskId + "\"[^>]*aria-invalid=\"true\"")
                .as("the level chosen is kept").containsPattern("value=\"" + second.code() + "\"\\s+selected");
        assertThat(escalated.status()).as(escalated.toString()).isEqualTo(302);
        assertThat(supervisor.get("/api/tasks/" + taskId).json().at("/escalation/level").asText())
                .isEqualTo(second.code());
    }

    /**
     * 满意度回访 is recorded on the complaint's page (the complaint ledger's 满意率 had no page to feed it); a rating not
     * chosen is refused beside its choice.
     */
    @Test
    void a_supervisor_records_the_complainants_rating_on_the_complaint_page() {
        String id = repliedComplaint();
        PageSession page = signedIn("supervisor");
        assertThat(page.get("/complaints/" + id).body()).contains("/complaints/" + id + "/satisfaction");

        Response refused = page.post("/complaints/" + id + "/satisfaction", Map.of("rating", "", "back", "item"),
                true, "/complaints/" + id);
        Response rated = page.post("/complaints/" + id + "/satisfaction", Map.of("rating", "BASICALLY_SATISFIED",
                "note", "电话回访", "back", "item"), true, "/complaints/" + id);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).containsPattern("id=\"satisfaction-rating-" + id + "\"[^>]*aria-invalid=\"true\"");
        assertThat(rated.status()).as(rated.toString()).isEqualTo(302);
        assertThat(supervisor.get("/api/complaints/" + id).json().at("/satisfaction/rating").asText())
                .isEqualTo("BASICALLY_SATISFIED");
        assertThat(shown(page, "/complaints/" + id)).as("a reply is rated once").contains("/complaints/" + id + "/close")
                .doesNotContain("/complaints/" + id + "/satisfaction");
    }

    /**
     * 重办 is on the complaint's page for supervisors, in its own words (not a task's 回头看), and takes a new time
     * limit: without one it is refused beside the date.
     */
    @Test
    void a_supervisor_reopens_a_replied_complaint_from_its_page_with_a_new_time_limit() {
        String id = repliedComplaint();
        PageSession page = signedIn("supervisor");
        assertThat(shown(page, "/complaints/" + id)).as("not before the complainant is dissatisfied")
                .contains("/complaints/" + id + "/satisfaction").doesNotContain("/complaints/" + id + "/reopen");
        assertThat(supervisor.post("/api/complaints/" + id + "/satisfaction", Map.of("rating", "DISSATISFIED"))
                .status()).isEqualTo(200);
        String shown = page.get("/complaints/" + id).body();
        assertThat(shown).contains("/complaints/" + id + "/reopen", "重办理由", "新的办理时限").doesNotContain("回头看");

        Response refused = page.post("/complaints/" + id + "/reopen", Map.of("reason", "群众不满意", "dueDate", "",
                "back", "item"), true, "/complaints/" + id);
        String due = today().plusDays(15).toString();
        Response reopened = page.post("/complaints/" + id + "/reopen", Map.of("reason", "群众不满意", "dueDate", due,
                "back", "item"), true, "/complaints/" + id);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).containsPattern("id=\"reopen-dueDate-" + id + "\"[^>]*aria-invalid=\"true\"");
        assertThat(reopened.status()).as(reopened.toString()).isEqualTo(302);
        JsonNode complaint = supervisor.get("/api/complaints/" + id).json();
        assertThat(complaint.get("status").asText()).isEqualTo("ASSIGNED");
        assertThat(complaint.get("dueDate").asText()).isEqualTo(due);

        // answered again: the new reply awaits its rating, and the last one's 不满意 no longer offers 重办
        assertThat(deptA.post("/api/complaints/" + id + "/accept").status()).isEqualTo(200);
        assertThat(deptA.post("/api/complaints/" + id + "/reply", Map.of("content", "已重新修复")).status())
                .isEqualTo(200);
        assertThat(shown(page, "/complaints/" + id)).contains("/complaints/" + id + "/satisfaction")
                .doesNotContain("/complaints/" + id + "/reopen");
    }

    /** While its transfer request awaits a supervisor the complaint refuses 签收 and 答复: the page does not offer them. */
    @Test
    void a_department_is_not_offered_to_accept_or_reply_while_its_transfer_request_is_pending() {
        String assigned = assignedComplaint();
        String accepted = assignedComplaint();
        assertThat(deptA.post("/api/complaints/" + accepted + "/accept").status()).isEqualTo(200);
        PageSession page = signedIn("dept-a");
        assertThat(shown(page, "/complaints/" + assigned)).contains("/complaints/" + assigned + "/accept");
        assertThat(shown(page, "/complaints/" + accepted)).contains("/complaints/" + accepted + "/reply");

        for (String id : List.of(assigned, accepted)) {
            assertThat(deptA.post("/api/complaints/" + id + "/transfer-request", Map.of("reason", "属供电公司职责"))
                    .status()).isEqualTo(200);
        }

        assertThat(shown(page, "/complaints/" + assigned)).doesNotContain("/complaints/" + assigned + "/accept",
                "/complaints/" + assigned + "/transfer-request");
        assertThat(shown(page, "/complaints/" + accepted)).doesNotContain("/complaints/" + accepted + "/reply",
                "/complaints/" + accepted + "/transfer-request");
    }

    /** A page as its reader sees it: answered 200 with the layout's main part, so what it lacks is truly absent. */
    private static String shown(PageSession page, String path) {
        Response shown = page.get(path);
        assertThat(shown.status()).as(path).isEqualTo(200);
        assertThat(shown.body()).contains("<main id=\"main\">");
        return shown.body();
    }

    private String assignedComplaint() {
        String id = supervisor.post("/api/complaints", Map.of("channel", "HOTLINE_12345", "subject", "路灯不亮",
                "content", "三号楼前")).json().get("complaintId").asText();
        assertThat(supervisor.post("/api/complaints/" + id + "/assign", Map.of("department", "DEPT-A",
                "dueDate", today().plusDays(10).toString())).status()).isEqualTo(200);
        return id;
    }

    /**
     * The desk's registration sent twice (a double click, a browser sending it again) registers one task; sent again
     * with other fields (brought back, changed) it registers another, not a refusal naming a key the clerk never saw.
     */
    @Test
    void the_desks_registration_sent_twice_registers_one_task() {
        String ledger = uniqueLedger("sent twice");
        PageSession page = signedIn("supervisor");
        Matcher drawn = Pattern.compile("name=\"formKey\" value=\"([^\"]+)\"").matcher(page.get("/desk").body());
        assertThat(drawn.find()).isTrue();
        Map<String, String> form = new HashMap<>(Map.of("formKey", drawn.group(1), "ledger", ledger,
                "title", "背街小巷硬化", "leadDepartment", "DEPT-A", "dueDate", today().plusDays(20).toString()));

        String token = page.token("/desk");
        form.put("_csrf", token);
        // sent at once, as a double click without the page's script sends them
        CompletableFuture<Response> sending = CompletableFuture.supplyAsync(() -> page.post("/desk/register", form,
                false, "/desk"));
        Response again = page.post("/desk/register", form, false, "/desk");
        Response first = sending.join();
        form.put("title", "背街小巷亮化");
        Response changed = page.post("/desk/register", form, false, "/desk");
        Response changedAgain = page.post("/desk/register", form, false, "/desk");

        assertThat(List.of(first.status(), again.status(), changed.status(), changedAgain.status())).containsOnly(302);
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(changed.header("Location")).isNotEqualTo(first.header("Location"));
        assertThat(changedAgain.header("Location")).as("the changed form is registered once too")
                .isEqualTo(changed.header("Location"));
        String last = changed.header("Location").replaceFirst(".*registered=", "");
        // the last registration listed, the ones before it are too (a read model follows the events' order)
        Eventually.until(Duration.ofSeconds(30), () -> supervisor.get(ledgerPath(ledger) + "/entries").body(),
                entries -> entries.contains(last));
        assertThat(supervisor.get(ledgerPath(ledger)).json().path("registered").asLong()).isEqualTo(2);
    }

    /**
     * A supervisor's approval sent from a desk drawn before the department replaced its extension request (another
     * supervisor rejected the first meanwhile) is refused, not an approval of a date the supervisor never read.
     */
    @Test
    void an_approval_from_a_desk_drawn_before_the_request_was_replaced_is_refused() {
        String taskId = claimedTask(uniqueLedger("stale approval"));
        String first = today().plusDays(45).toString();
        String path = "/api/tasks/" + taskId;
        assertThat(deptA.post(path + "/extension", Map.of("newDueDate", first, "reason", "雨季停工")).status())
                .isEqualTo(200);
        PageSession page = signedIn("supervisor");
        String desk = Eventually.until(Duration.ofSeconds(30), () -> page.get("/desk").body(),
                body -> body.contains("extension-" + taskId));
        String row = desk.substring(desk.indexOf("id=\"extension-" + taskId + "\""));
        assertThat(row.substring(0, row.indexOf("</li>"))).contains("name=\"newDueDate\" value=\"" + first + "\"");

        assertThat(supervisor.post(path + "/extension/reject", Map.of("reason", "理由不充分")).status()).isEqualTo(200);
        String again = today().plusDays(400).toString();
        assertThat(deptA.post(path + "/extension", Map.of("newDueDate", again, "reason", "再延一年")).status())
                .isEqualTo(200);
        Response stale = page.post("/desk/tasks/" + taskId + "/approve-extension", Map.of("newDueDate", first),
                true, "/desk");

        assertThat(stale.status()).as(stale.toString()).isEqualTo(409);
        Response decided = page.post("/desk/tasks/" + taskId + "/approve-extension", Map.of("newDueDate", again),
                true, "/desk");
        assertThat(decided.status()).isEqualTo(302);
        URI back = URI.create(decided.header("Location"));
        assertThat(page.get(back.getRawPath() + "?" + back.getRawQuery()).body()).as("the desk says what was done, and links to it")
                .contains("已办理：", "批准延期", "href=\"/tasks/" + taskId + "\"");
        assertThat(supervisor.get(path).json().get("dueDate").asText()).isEqualTo(again);
    }

    /**
     * A supporting department (配合单位) finds the tasks it supports on its worklist, apart from those it leads, and
     * reports its share's progress there; a task it no longer has open leaves the list.
     */
    @Test
    void a_supporting_department_finds_the_tasks_it_supports_on_its_worklist() {
        String ledger = uniqueLedger("配合单位");
        String supported = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "河道清淤",
                "leadDepartment", "DEPT-B", "supportingDepartments", List.of("DEPT-C", "DEPT-A"),
                "dueDate", today().plusDays(30).toString())).json().get("taskId").asText();
        String other = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "路灯维修",
                "leadDepartment", "DEPT-B", "supportingDepartments", List.of("DEPT-C"),
                "dueDate", today().plusDays(30).toString())).json().get("taskId").asText();
        PageSession page = signedIn("dept-a");
        String worklist = "/?ledger=" + URLEncoder.encode(ledger, StandardCharsets.UTF_8);
        // both lines listed (a read model follows the events' order): what the page leaves out is left out for good
        Eventually.until(Duration.ofSeconds(30), () -> supervisor.get(ledgerPath(ledger) + "/entries").body(),
                entries -> entries.contains(other));

        String registered = shown(page, worklist);
        assertThat(deptB.post("/api/tasks/" + supported + "/claim").status()).isEqualTo(200);
        String claimed = shown(page, worklist);

        assertThat(registered.substring(registered.indexOf("supported-heading"))).contains("id=\"task-" + supported
                + "\"", "DEPT-B").as("its lead claims it, not a supporting department")
                .doesNotContain("/tasks/" + supported + "/claim");
        assertThat(claimed.substring(claimed.indexOf("supported-heading")))
                .contains("/tasks/" + supported + "/progress#task-" + supported);
        assertThat(claimed).doesNotContain(other);
        assertThat(supervisor.post("/api/tasks/" + supported + "/withdraw", Map.of("reason", "重复登记")).status())
                .isEqualTo(200);
        assertThat(shown(page, worklist)).as("withdrawn: its view says so at once").doesNotContain(
                "id=\"task-" + supported + "\"");
    }

    /** The desk's inputs naming a department suggest the departments the office knows: a typo sends work nowhere. */
    @Test
    void the_desk_suggests_the_departments_the_office_knows() {
        String department = "DEPT-" + uniqueLedger("suggested").hashCode();
        assertThat(supervisor.post("/api/tasks", Map.of("ledger", uniqueLedger("suggestions"), "title", "巡河",
                "leadDepartment", department, "dueDate", today().plusDays(30).toString())).status()).isEqualTo(201);
        PageSession page = signedIn("supervisor");

        String desk = Eventually.until(Duration.ofSeconds(30), () -> page.get("/desk").body(),
                body -> body.contains("<option value=\"" + department + "\">"));

        assertThat(desk).containsPattern("id=\"register-leadDepartment-new-task\"[^>]*list=\"known-departments\"")
                .contains("<datalist id=\"known-departments\">");
    }

    /** 中文 | English keep the page's query: a search, a ledger's filters and page. */
    @Test
    void switching_language_keeps_the_pages_query() {
        PageSession page = signedIn("supervisor");

        String body = page.get("/search?q=%E7%8E%AF%E5%A2%83&lang=zh").body();

        assertThat(body).contains("href=\"/search?q=%E7%8E%AF%E5%A2%83&amp;lang=en\"")
                .as("the language chosen before is not sent twice").doesNotContain("lang=zh&amp;lang");
    }

    private String repliedComplaint() {
        String id = assignedComplaint();
        assertThat(deptA.post("/api/complaints/" + id + "/accept").status()).isEqualTo(200);
        assertThat(deptA.post("/api/complaints/" + id + "/reply", Map.of("content", "已修复")).status()).isEqualTo(200);
        return id;
    }

    /** A complainant who gave a name and no phone (or the reverse) is shown as what was given, not "· null". */
    @Test
    void a_complainant_with_a_name_alone_is_shown_without_a_null() {
        String id = supervisor.post("/api/complaints", Map.of("channel", "HOTLINE_12345", "subject", "路灯不亮",
                "content", "三号楼前", "complainant", Map.of("name", "王五"))).json().get("complaintId").asText();
        PageSession page = signedIn("supervisor");

        Response shown = Eventually.until(Duration.ofSeconds(30), () -> page.get("/complaints/" + id),
                r -> r.status() == 200);

        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).contains("王五").doesNotContain("null")
                .as("times in the timeline read as the office's minutes, not as ISO instants")
                .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
    }

    /** A page that cannot be shown just now (a read that cannot be recorded) says so with 503, not as a fault. */
    @Test
    void a_page_that_cannot_be_shown_just_now_is_a_503_page_to_try_again() {
        MockHttpServletResponse response = new MockHttpServletResponse();

        ModelAndView answer = new PageErrors().resolveException(new MockHttpServletRequest("GET", "/complaints/x"),
                response, null, new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
                        ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "retry shortly"), null));

        assertThat(answer.getStatus().value()).isEqualTo(503);
        assertThat(answer.getViewName()).isEqualTo("error");
        assertThat(answer.getModel()).containsEntry("message", new PageErrors.Message("unavailable", List.of()));
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
    }

    @Test
    void a_file_over_the_size_limit_is_refused_beside_the_file_input_with_the_apis_message_and_nothing_is_stored() {
        String taskId = claimedTask(uniqueLedger("413 beside the field"));
        PageSession page = signedIn("dept-a");
        byte[] tooLarge = new byte[10 * 1024 * 1024 + 1];
        new Random(1).nextBytes(tooLarge);
        tooLarge[0] = (byte) 0xFF;
        tooLarge[1] = (byte) 0xD8;
        tooLarge[2] = (byte) 0xFF;

        Response refused = page.postFiles("/tasks/" + taskId + "/closure-request",
                Map.of("evidence", "整改完成", "back", "item"),
                List.of(new FilePart("file", "现场照片.jpg", "image/jpeg", tooLarge)), "/tasks/" + taskId);

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.contentType()).startsWith("text/html");
        String input = "closure-request-file-" + taskId;
        assertThat(refused.body()).containsPattern("id=\"" + input + "\"[^>]*aria-invalid=\"true\"")
                .containsPattern("<p class=\"refusal\" id=\"" + input + "-error\" role=\"alert\">\\s*<span>未能办理：</span>"
                        + "\\s*<span>File &quot;现场照片.jpg&quot; has 10485761 bytes; a file may have at most 10485760")
                .contains(">整改完成</textarea>");
        assertThat(database.getCollection("evidence.files").countDocuments(new Document("metadata.owner", taskId)))
                .isZero();
        assertThat(supervisor.get("/api/tasks/" + taskId).json().get("status").asText()).isEqualTo("CLAIMED");
    }

    /**
     * A form whose body is larger than the server reads (too many photos) is refused before it is read: on a page's
     * path with a page in the pages' words, not the API's problem+json.
     */
    @Test
    void a_form_larger_than_the_server_reads_is_answered_with_a_page_not_the_apis_json() throws IOException {
        String taskId = claimedTask(uniqueLedger("413 page"));
        PageSession page = signedIn("dept-a");
        String head = "POST /tasks/" + taskId + "/closure-request HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nCookie: JSESSIONID=" + page.sessionId() + "\r\nAccept: text/html"
                + "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 999999999999"
                + "\r\nConnection: close\r\n\r\n";

        String answer = answerBeforeTheBody(head);
        assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("Content-Type: text/html")
                .contains("提交的内容太大", "Too large").doesNotContain("application/problem+json");
        assertThat(supervisor.get("/api/tasks/" + taskId).json().get("status").asText()).isEqualTo("CLAIMED");
    }

    /**
     * What the server answers a request whose head is {@code head} and whose body it never reads: the status line,
     * headers and the body they announce (by Content-Length, or chunks up to the last), read without waiting for the
     * connection's end, which the server holds open for the body.
     */
    private String answerBeforeTheBody(String head) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] chunk = new byte[8192];
            int n;
            while (!complete(read.toString(StandardCharsets.UTF_8)) && (n = socket.getInputStream().read(chunk)) > 0) {
                read.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no whole answer within 30 s; read: " + read.toString(StandardCharsets.UTF_8), e);
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    private static boolean complete(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(answer.substring(0, end));
        if (length.find()) {
            return answer.substring(end + 4).getBytes(StandardCharsets.UTF_8).length >= Integer.parseInt(length.group(1));
        }
        return answer.endsWith("\r\n0\r\n\r\n");
    }

    @Test
    void the_timeline_and_the_complaint_page_show_labels_where_the_history_holds_enum_names() {
        String taskId = claimedTask(uniqueLedger("标签 Labels"));
        String complaintId = supervisor.post("/api/complaints", Map.of("channel", "HOTLINE_12345",
                "referredBy", "PROVINCE", "subject", "路灯不亮", "content", "小区门口路灯坏了"))
                .json().get("complaintId").asText();
        PageSession page = signedIn("supervisor");

        String task = page.get("/tasks/" + taskId).body();
        String complaint = page.get("/complaints/" + complaintId).body();
        String english = page.get("/complaints/" + complaintId + "?lang=en").body();

        assertThat(task).contains("自行梳理").doesNotContain("SELF_IDENTIFIED");
        assertThat(complaint).contains("12345热线", "省上转办").doesNotContain("HOTLINE_12345", "PROVINCE");
        assertThat(english).contains("12345 hotline", "Referred by the province").doesNotContain("HOTLINE_12345");
    }

    @Test
    void the_worklist_the_desk_and_the_alerts_read_open_complaints_in_one_batch() {
        List<CompletableFuture<Response>> received = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            received.add(CompletableFuture.supplyAsync(() -> supervisor.post("/api/complaints", Map.of(
                    "channel", "VISIT", "subject", "噪音", "content", "夜间施工"))));
        }
        List<String> ids = received.stream().map(CompletableFuture::join).map(r -> r.json().get("complaintId").asText())
                .toList();
        Eventually.until(Duration.ofSeconds(60), () -> openComplaints.of(null).stream()
                .filter(e -> ids.contains(e.complaintId())).count(), count -> count == 3);
        CountingComplaints counting = new CountingComplaints(complaints);
        Actor supervisorActor = Actor.supervisor("supervisor");

        new Worklist(ledgers, openTasks, openComplaints, tasks, counting).fill(new ExtendedModelMap(), supervisorActor,
                null);
        new Desk(pending, openTasks, openComplaints, ledgers, tasks, counting, ladder, users)
                .fill(new ExtendedModelMap(), supervisorActor);
        new AlertsPageController(feed, tasks, counting, ladder, Duration.ofSeconds(15))
                .alerts(new ExtendedModelMap(), new CloseoutUser("supervisor", "", Role.SUPERVISOR, null));

        assertThat(counting.oneByOne).as("complaints read one by one").hasValue(0);
        assertThat(counting.batches).as("the worklist's and the desk's batch, and the alerts' one").hasValue(3);
    }

    /** The complaint service, counting how the pages read complaints. */
    private static final class CountingComplaints extends ComplaintService {

        private final ComplaintService real;
        private final AtomicInteger oneByOne = new AtomicInteger();
        private final AtomicInteger batches = new AtomicInteger();

        CountingComplaints(ComplaintService real) {
            super(null, null, null, null, null, null, null, null);
            this.real = real;
        }

        @Override
        public Optional<ComplaintResponse> view(ComplaintId id, Actor reader) {
            oneByOne.incrementAndGet();
            return real.view(id, reader);
        }

        @Override
        public List<ComplaintResponse> views(List<String> ids, Actor reader) {
            batches.incrementAndGet();
            return real.views(ids, reader);
        }
    }
}
