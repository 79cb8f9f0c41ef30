package dev.closeout.application.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.BrowserTest;
import dev.closeout.application.support.Eventually;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 督办台: the supervisor decides what waits — returns a closure request with a reason and closes it
 * when asked again, approves an extension, registers a task — from the desk; a refused form shows the
 * API's message beside its field; a department may neither open the desk nor post its forms. The
 * tasks are set up through the API.
 */
class DeskBrowserTest extends BrowserTest {

    private String ledger;

    @BeforeEach
    void aLedgerOfItsOwn() {
        ledger = uniqueLedger("督办台");
    }

    @Test
    void the_supervisor_returns_a_closure_request_with_a_reason_then_closes_it() {
        String taskId = claimedTask("整治西河排污口");
        assertThat(deptA.post("/api/tasks/" + taskId + "/closure-request",
                Map.of("evidence", "排污口已封堵，见验收记录")).status()).isEqualTo(200);
        signInAs("supervisor");

        WebElement row = deskRowOnceListed("#closure-heading ~ ol", taskId);
        assertThat(row.getText()).contains("整治西河排污口", "DEPT-A", "排污口已封堵，见验收记录", "dept-a");
        lookAt("desk");

        openForm(row, "return");
        type("return-reason-" + taskId, "缺少现场照片");
        submit(row.findElement(By.cssSelector("form[action*='/return#'] button")));
        JsonNode returned = supervisor.get("/api/tasks/" + taskId).json();
        assertThat(returned.get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(returned.get("lastReturn").get("reason").asText()).isEqualTo("缺少现场照片");
        assertThat(closureRow(taskId)).as("a returned request waits no more").isEmpty();

        assertThat(deptA.post("/api/tasks/" + taskId + "/closure-request",
                Map.of("evidence", "已补充现场照片")).status()).isEqualTo(200);
        row = deskRowOnceListed("#closure-heading ~ ol", taskId);
        assertThat(row.getText()).contains("已补充现场照片");
        submit(row.findElement(By.cssSelector("form[action*='/close#'] button")));

        assertThat(supervisor.get("/api/tasks/" + taskId).json().get("status").asText()).isEqualTo("CLOSED");
        assertThat(closureRow(taskId)).isEmpty();
        assertThat(events(taskId)).containsSubsequence("TaskClosureRequested", "TaskReturned",
                "TaskClosureRequested", "TaskClosed");
    }

    @Test
    void the_supervisor_approves_an_extension_from_the_desk_at_phone_width() {
        String taskId = claimedTask("修缮南关小学围墙");
        String newDueDate = today().plusDays(60).toString();
        assertThat(deptA.post("/api/tasks/" + taskId + "/extension",
                Map.of("newDueDate", newDueDate, "reason", "雨季无法施工")).status()).isEqualTo(200);
        signInAs("supervisor");
        phoneWidth();
        try {
            WebElement row = deskRowOnceListed("#extension-heading ~ ol", taskId);
            assertThat(row.getText()).contains("修缮南关小学围墙", newDueDate, "雨季无法施工");
            lookAt("desk-phone");

            submit(row.findElement(By.cssSelector("form[action*='/approve-extension#'] button")));
            JsonNode task = supervisor.get("/api/tasks/" + taskId).json();
            assertThat(task.get("dueDate").asText()).isEqualTo(newDueDate);
            assertThat(task.has("pendingExtension")).isFalse();
            assertThat(findAll("#extension-heading ~ ol a[href='/tasks/" + taskId + "']")).isEmpty();
        } finally {
            desktopWidth();
        }
    }

    @Test
    void a_task_registered_at_the_desk_shows_the_apis_message_beside_a_missing_field_then_registers() {
        signInAs("supervisor");
        open("/desk");
        String due = today().plusDays(20).toString();
        type("register-ledger-new-task", ledger);
        type("register-leadDepartment-new-task", "DEPT-B");
        type("register-dueDate-new-task", due);
        submit(find("form[action^='/desk/register'] button"));

        String apiMessage = supervisor.post("/api/tasks", Map.of("ledger", ledger, "leadDepartment", "DEPT-B",
                "dueDate", due)).json().get("detail").asText();
        assertThat(apiMessage).isEqualTo("title must not be blank");
        assertThat(find("#register-title-new-task-error").getText()).contains("此项必填");
        assertThat(find("#register-title-new-task").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(find("#register-ledger-new-task").getAttribute("value")).as("what was typed is kept")
                .isEqualTo(ledger);
        lookAt("desk-register-refused");

        type("register-title-new-task", "清理北山垃圾点");
        type("register-supportingDepartments-new-task", "DEPT-A、DEPT-C");
        assertThat(submitTwice("form[action^='/desk/register']")).as("a double click sends the form once").isTrue();
        String taskHref = find("p.message a").getAttribute("href");
        String taskId = taskHref.substring(taskHref.lastIndexOf('/') + 1);
        JsonNode task = supervisor.get("/api/tasks/" + taskId).json();
        assertThat(task.get("title").asText()).isEqualTo("清理北山垃圾点");
        assertThat(task.get("ledger").asText()).isEqualTo(ledger);
        assertThat(task.get("dueDate").asText()).isEqualTo(due);
        assertThat(task.get("supportingDepartments")).extracting(JsonNode::asText)
                .containsExactly("DEPT-A", "DEPT-C");
        awaitProjectionsCaughtUp();
        assertThat(supervisor.get(ledgerPath(ledger) + "/entries").json()).as("registered once").hasSize(1);
    }

    @Test
    void the_supervisor_receives_a_complaint_assigns_it_and_rejects_its_transfer_request() {
        signInAs("supervisor");
        open("/desk");
        new Select(find("#receive-channel")).selectByValue("HOTLINE_12345");
        type("receive-subject-new-complaint", "小区路灯不亮 " + ledger);
        type("receive-content-new-complaint", "幸福小区三号楼前路灯一周未亮");
        submit(find("form[action^='/desk/receive'] button"));
        String complaintHref = find("#receive-heading ~ p.message a").getAttribute("href");
        String complaintId = complaintHref.substring(complaintHref.lastIndexOf('/') + 1);

        WebElement row = deskRowOnceListed("#unassigned-heading ~ ol", "/complaints/", complaintId);
        assertThat(row.getText()).contains("小区路灯不亮", "12345热线");
        openForm(row, "assign");
        type("assign-department-" + complaintId, "DEPT-A");
        type("assign-dueDate-" + complaintId, today().plusDays(10).toString());
        submit(row.findElement(By.cssSelector("form[action*='/assign#'] button")));
        assertThat(supervisor.get("/api/complaints/" + complaintId).json().get("department").asText())
                .isEqualTo("DEPT-A");

        assertThat(deptA.post("/api/complaints/" + complaintId + "/transfer-request",
                Map.of("reason", "属供电公司职责")).status()).isEqualTo(200);
        row = deskRowOnceListed("#transfer-heading ~ ol", "/complaints/", complaintId);
        assertThat(row.getText()).contains("属供电公司职责");
        lookAt("desk-transfer-request");
        openForm(row, "reject-transfer");
        type("reject-transfer-reason-" + complaintId, "路灯属街道管理");
        submit(row.findElement(By.cssSelector("form[action*='/reject-transfer#'] button")));
        JsonNode complaint = supervisor.get("/api/complaints/" + complaintId).json();
        assertThat(complaint.has("transferRequest")).isFalse();
        assertThat(complaint.get("department").asText()).isEqualTo("DEPT-A");
    }

    /** 报告: a week that has not ended is refused beside its field; the week before is made and listed with its files. */
    @Test
    void the_supervisor_generates_a_weekly_report_on_the_reports_page_and_finds_it_listed_with_its_downloads() {
        assertThat(supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "周报事项", "leadDepartment", "DEPT-A",
                "dueDate", today().plusDays(30).toString())).status()).isEqualTo(201);
        Eventually.until(Duration.ofSeconds(30), () -> supervisor.get(ledgerPath(ledger)).status(), status -> status == 200);
        clock.advance(Duration.ofDays(7));
        try {
            signInAs("supervisor");
            open("/reports");
            type("generate-ledger", ledger);
            new Select(find("#generate-kind")).selectByValue("WEEKLY");
            type("generate-period", "2026-W12");
            submit(find(".report-form button"));
            String apiMessage = supervisor.post("/api/reports", Map.of("ledger", ledger, "kind", "WEEKLY",
                    "period", "2026-W12")).json().get("detail").asText();
            assertThat(find("#generate-period-error").getText()).contains(apiMessage);
            assertThat(find("#generate-period").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(find("#generate-ledger").getAttribute("value")).as("what was typed is kept").isEqualTo(ledger);

            type("generate-period", "2026-W11");
            submit(find(".report-form button"));
            assertThat(find("p.message").getText()).isEqualTo("报告已生成，见下表。");
            JsonNode stored = auditor.get("/api/reports?ledger=" + encoded(ledger)).json().get(0);
            String id = stored.get("id").asText();
            WebElement row = find("tr.just-generated");
            assertThat(row.getText()).contains("2026-W11", stored.get("contentHash").asText().substring(0, 12));
            assertThat(find(".report-ledger h2").getText()).isEqualTo(ledger);
            assertThat(find(".report-ledger caption").getText()).isEqualTo("周跟进");
            assertThat(row.findElements(By.cssSelector(".downloads a"))).extracting(a -> a.getAttribute("href"))
                    .containsExactly(url("/api/reports/" + id + ".xlsx"), url("/api/reports/" + id + ".pdf"));
            lookAt("reports");
            phoneWidth();
            try {
                lookAt("reports-phone");
                assertThat(scrollsSideways()).as("the page fits a phone; a table scrolls in its own frame").isFalse();
            } finally {
                desktopWidth();
            }
        } finally {
            clock.reset();
        }
    }

    /** 转办反馈: a referred task past its report-back date, red under its level, at desktop and at phone width. */
    @Test
    void the_supervisor_reads_the_referrals_page_at_desktop_and_phone_width() {
        String documentNumber = "甘督字〔2026〕" + ledger.hashCode() + "号";
        Map<String, Object> task = new HashMap<>(Map.of("ledger", ledger, "title", "农村供水保障工程",
                "leadDepartment", "DEPT-A", "dueDate", today().plusDays(90).toString()));
        task.put("referral", Map.of("level", "PROVINCE", "referringBody", "省委督查室", "documentNumber",
                documentNumber, "reportBackDue", today().minusDays(1).toString()));
        assertThat(supervisor.post("/api/tasks", task).status()).isEqualTo(201);
        awaitProjectionsCaughtUp();
        signInAs("supervisor");
        open("/referrals");

        WebElement row = find("#referrals-PROVINCE").findElements(By.cssSelector("tbody tr")).stream()
                .filter(r -> r.getText().contains(documentNumber)).findFirst().orElseThrow();
        assertThat(row.getAttribute("class")).isEqualTo("colour-red");
        assertThat(row.getText()).contains("农村供水保障工程", "省委督查室", "逾期未反馈");
        lookAt("referrals");
        phoneWidth();
        try {
            lookAt("referrals-phone");
            assertThat(scrollsSideways()).as("the page fits a phone; a table scrolls in its own frame").isFalse();
        } finally {
            desktopWidth();
        }
    }

    @Test
    void a_department_user_may_neither_open_the_desk_nor_post_its_forms() {
        String taskId = claimedTask("更换东门水表");
        assertThat(deptA.post("/api/tasks/" + taskId + "/closure-request", Map.of("evidence", "已更换")).status())
                .isEqualTo(200);
        signInAs("dept-a");
        open("/desk");
        assertThat(find("h1").getText()).isEqualTo("无权访问此页面");

        open("/");
        // A desk form posted with the department's own valid CSRF token: refused for the role, not the token.
        String token = find(".signout input[name='_csrf']").getAttribute("value");
        WebElement page = find("html");
        ((JavascriptExecutor) browser).executeScript("var f = document.createElement('form');"
                + "f.method = 'post'; f.action = arguments[0];"
                + "var t = document.createElement('input'); t.type = 'hidden'; t.name = '_csrf'; t.value = arguments[1];"
                + "f.appendChild(t); document.body.appendChild(f); f.submit();",
                "/desk/tasks/" + taskId + "/close", token);
        waiting(Duration.ofSeconds(30))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(page));
        assertThat(find("h1").getText()).isEqualTo("无权访问此页面");
        assertThat(supervisor.get("/api/tasks/" + taskId).json().get("status").asText())
                .isEqualTo("CLOSURE_REQUESTED");
    }

    private String claimedTask(String title) {
        String taskId = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", title,
                "leadDepartment", "DEPT-A", "dueDate", today().plusDays(30).toString())).json()
                .get("taskId").asText();
        assertThat(deptA.post("/api/tasks/" + taskId + "/claim").status()).isEqualTo(200);
        return taskId;
    }

    /** The desk's row of the task in the list {@code list}, reloading the desk until the ledger's lines list it. */
    private WebElement deskRowOnceListed(String list, String taskId) {
        return deskRowOnceListed(list, "/tasks/", taskId);
    }

    private WebElement deskRowOnceListed(String list, String path, String id) {
        String row = list + " > li:has(a[href='" + path + id + "'])";
        WebElement shown = openUntilShown("/desk", row);
        assertThat(findAll(row)).as("the desk lists %s%s once", path, id).hasSize(1);
        return shown;
    }

    private List<WebElement> closureRow(String taskId) {
        return findAll("#closure-heading ~ ol > li:has(a[href='/tasks/" + taskId + "'])");
    }

    private List<String> events(String taskId) {
        return StreamSupport.stream(supervisor.get("/api/tasks/" + taskId + "/history").json().spliterator(), false)
                .map(e -> e.get("type").asText()).toList();
    }

    private void openForm(WebElement row, String slug) {
        WebElement details = row.findElement(By.cssSelector("details:has(form[action*='/" + slug + "#'])"));
        if (details.getAttribute("open") == null) {
            details.findElement(By.tagName("summary")).click();
        }
    }

    private void type(String id, String text) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        if ("date".equals(input.getAttribute("type"))) {
            ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", input, text);
        } else {
            input.sendKeys(text);
        }
    }
}
