package dev.closeout.application.workspace;

import dev.closeout.application.support.BrowserTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A department clerk's day on a phone (390 px): the worklist lists the department's task, and the
 * clerk claims it, reports progress and asks for closure through its forms; bad input comes back with
 * the API's message beside the field. The task's page shows the whole story as a timeline.
 */
class WorklistBrowserTest extends BrowserTest {

    private String ledger;
    private String taskId;

    @BeforeEach
    void aTaskForDeptA() {
        ledger = uniqueLedger("工作台");
        taskId = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "修复东街路灯",
                "leadDepartment", "DEPT-A", "dueDate", today().plusDays(30).toString())).json()
                .get("taskId").asText();
        signInAs("dept-a");
        phoneWidth();
        openUntilShown("/?ledger=" + encoded(ledger), rowSelector());
    }

    @Test
    void the_department_claims_reports_progress_and_asks_for_closure_through_the_forms() {
        assertThat(row().getText()).contains("修复东街路灯", "已挂账");
        lookAt("worklist-dept-a-phone");

        submit(row().findElement(org.openqa.selenium.By.cssSelector("form[action*='/claim#'] button")));
        assertThat(row().getText()).contains("已签收");
        assertThat(browser.getCurrentUrl()).as("the answer opens at the row it was given on, however far down")
                .endsWith("#task-" + taskId);

        openForm("progress");
        type("progress-percentComplete-" + taskId, "40");
        type("progress-note-" + taskId, "已完成线路排查");
        submit(formButton("progress"));
        assertThat(row().getText()).contains("推进中", "40%");

        openForm("closure-request");
        type("closure-request-evidence-" + taskId, "路灯已全部点亮，见现场照片");
        lookAt("worklist-closure-request-form");
        submit(formButton("closure-request"));
        assertThat(row().getText()).contains("申请销号");
        assertThat(supervisor.get("/api/tasks/" + taskId).json().get("status").asText()).isEqualTo("CLOSURE_REQUESTED");

        open("/tasks/" + taskId);
        assertThat(find("h1").getText()).isEqualTo("修复东街路灯");
        assertThat(findAll(".timeline li")).hasSize(4);
        assertThat(find(".timeline").getText()).contains("挂账", "签收", "报送进度", "申请销号", "supervisor", "dept-a",
                "DEPT-A", "已完成线路排查", "路灯已全部点亮，见现场照片");
        lookAt("task-timeline-phone");

        open("/ledgers/" + encoded(ledger) + "?page=abc");
        assertThat(find("h1").getText()).isEqualTo("地址中的参数无法读取");
        assertThat(find("main").getText()).contains("参数 page 的值“abc”无法读取");
        assertThat(scrollsSideways()).isFalse();
        lookAt("error-400-phone");
        desktopWidth();
        open("/tasks/no-such-task");
        assertThat(find("h1").getText()).isEqualTo("找不到此页面");
        lookAt("error-404");
    }

    /**
     * A colleague claims the task between the page being drawn and the clerk's click: the page drawn again offers no
     * claim, so the refusal is shown on its own at the top of the window (it was a 409 page saying nothing).
     */
    @Test
    void a_form_whose_item_moved_on_meanwhile_shows_its_refusal_on_its_own() {
        assertThat(deptA.post("/api/tasks/" + taskId + "/claim").status()).isEqualTo(200);
        String apiRefusal = deptA.post("/api/tasks/" + taskId + "/claim").json().get("detail").asText();

        submit(formButton("claim"));

        WebElement alone = find(".refusal-alone");
        assertThat(alone.getText()).contains("未能办理", apiRefusal);
        assertThat(alone.getAttribute("role")).isEqualTo("alert");
        assertThat(row().getText()).contains("已签收");
        lookAt("worklist-refusal-alone-phone");
    }

    @Test
    void bad_input_comes_back_with_the_apis_reason_in_the_pages_language_beside_the_field() {
        assertThat(deptA.post("/api/tasks/" + taskId + "/claim").status()).isEqualTo(200);
        open("/?ledger=" + encoded(ledger));

        openForm("progress");
        type("progress-percentComplete-" + taskId, "150");
        type("progress-note-" + taskId, "超额完成");
        submit(formButton("progress"));
        String apiMessage = deptA.post("/api/tasks/" + taskId + "/progress", Map.of("percentComplete", 150,
                "note", "超额完成")).json().get("detail").asText();
        WebElement error = find("#progress-percentComplete-" + taskId + "-error");
        assertThat(apiMessage).isEqualTo("percentComplete must be between 0 and 100");
        assertThat(error.getText()).as("the API's reason said in the page's language, beside its field")
                .contains("未能办理", "须在 0 至 100 之间").doesNotContain("must be");
        assertThat(find("#progress-percentComplete-" + taskId).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(find("#progress-percentComplete-" + taskId).getAttribute("value")).as("what was typed is kept")
                .isEqualTo("150");
        lookAt("worklist-progress-refused");

        openForm("extension");
        String yesterday = today().minusDays(1).toString();
        type("extension-newDueDate-" + taskId, yesterday);
        type("extension-reason-" + taskId, "材料未到");
        submit(formButton("extension"));
        String apiRefusal = deptA.post("/api/tasks/" + taskId + "/extension", Map.of("newDueDate", yesterday,
                "reason", "材料未到")).json().get("detail").asText();
        assertThat(find("#extension-newDueDate-" + taskId + "-error").getText()).contains(apiRefusal);
        assertThat(supervisor.get("/api/tasks/" + taskId).json().has("pendingExtension")).isFalse();
    }

    @Test
    void the_assigned_department_accepts_a_complaint_on_its_page_and_reads_its_history() {
        String complaintId = supervisor.post("/api/complaints", Map.of("channel", "HOTLINE_12345",
                "subject", "夜间施工噪音", "content", "工地夜间施工影响休息",
                "complainant", Map.of("name", "张三", "phone", "13800138000"))).json().get("complaintId").asText();
        assertThat(supervisor.post("/api/complaints/" + complaintId + "/assign", Map.of("department", "DEPT-A",
                "dueInWorkingDays", 5)).status()).isEqualTo(200);

        open("/complaints/" + complaintId);
        assertThat(find("h1").getText()).isEqualTo("夜间施工噪音");
        assertThat(find("main").getText()).as("the assigned department sees the complainant").contains("张三");
        submit(find("form[action*='/accept#'] button"));
        assertThat(find("main").getText()).contains("已签收");
        assertThat(find(".timeline").getText()).contains("受理", "交办", "签收", "dept-a");
        lookAt("complaint-page-phone");
    }

    private WebElement row() {
        return find(rowSelector());
    }

    private String rowSelector() {
        return "li.item:has(a[href='/tasks/" + taskId + "'])";
    }

    private void openForm(String slug) {
        WebElement details = row().findElement(org.openqa.selenium.By.cssSelector(
                "details:has(form[action*='/" + slug + "#'])"));
        if (details.getAttribute("open") == null) {
            details.findElement(org.openqa.selenium.By.tagName("summary")).click();
        }
    }

    private WebElement formButton(String slug) {
        return row().findElement(org.openqa.selenium.By.cssSelector("form[action*='/" + slug + "#'] button"));
    }

    private void type(String id, String text) {
        WebElement input = find("#" + id);
        input.clear();
        if (input.getAttribute("type").equals("date")) {
            // A date input takes what the browser's own picker would set; typing depends on the locale.
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]",
                    input, text);
        } else {
            input.sendKeys(text);
        }
    }
}
