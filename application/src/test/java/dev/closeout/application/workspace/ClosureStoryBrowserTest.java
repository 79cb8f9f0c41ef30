package dev.closeout.application.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient.FilePart;
import dev.closeout.application.support.BrowserTest;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.PageSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole closure story (issue 9), as its people live it in the browser: the supervisor registers a
 * task on the desk; the department, on a phone, claims it, reports progress and asks for closure with a
 * photo; the supervisor opens the photo on the desk and returns the request with a reason; the department
 * asks again with a scanned report; the supervisor opens it and closes the task. The timeline tells every step with who did it and why, the
 * battle map and the 公示 public board count the item closed, and the public board names nobody.
 */
class ClosureStoryBrowserTest extends BrowserTest {

    private static final String TITLE = "老城区雨污分流改造 Separating rain and sewage in the old town";
    private static final String EVIDENCE = "雨污管网已全部接通，附现场照片";
    private static final String RETURN_REASON = "照片未显示检查井，请补充竣工验收报告";
    private static final String EVIDENCE_AGAIN = "已补充竣工验收报告";
    private static final String PHOTO_NAME = "现场照片.png";
    private static final String REPORT_NAME = "竣工验收报告.pdf";

    private static Path files;

    @BeforeAll
    static void filesToUpload() throws IOException {
        files = Files.createTempDirectory("closeout-evidence");
    }

    @AfterAll
    static void removeFiles() throws IOException {
        try (Stream<Path> all = Files.walk(files)) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void a_task_is_registered_claimed_asked_for_with_evidence_returned_asked_again_and_closed() throws Exception {
        byte[] photo = photo();
        byte[] report = pdf();

        // 督查办: registers the task on the desk.
        signInAs("supervisor");
        desktopWidth();
        String taskId = registerOnTheDesk();

        // 责任单位, on a phone: claims it, reports progress, asks for closure with a photo.
        signInAs("dept-a");
        phoneWidth();
        assertThat(openUntilShown("/?ledger=" + encoded(PUBLIC_LEDGER_IN_STORY), rowSelector(taskId)).getText())
                .contains(TITLE, "已挂账");
        submit(row(taskId).findElement(By.cssSelector("form[action*='/claim#'] button")));
        assertThat(row(taskId).getText()).contains("已签收");
        openForm(taskId, "progress");
        type("progress-percentComplete-" + taskId, "90");
        type("progress-note-" + taskId, "管网接通，路面恢复中");
        submit(formButton(taskId, "progress"));
        assertThat(row(taskId).getText()).contains("推进中", "90%");
        openForm(taskId, "closure-request");
        type("closure-request-evidence-" + taskId, EVIDENCE);
        find("#closure-request-file-" + taskId).sendKeys(file(PHOTO_NAME, photo).toString());
        screenshot("readme-worklist", 1100);
        lookAt("story-worklist-closure-request-phone");
        submit(formButton(taskId, "closure-request"));
        assertThat(row(taskId).getText()).contains("申请销号");
        JsonNode asked = supervisor.get("/api/tasks/" + taskId).json();
        assertThat(asked.get("status").asText()).isEqualTo("CLOSURE_REQUESTED");
        assertThat(asked.at("/closureRequest/evidenceFiles/0/sha256").asText()).isEqualTo(sha256(photo));

        // 督查办: opens the photo from the desk, and returns the request with a reason.
        signInAs("supervisor");
        desktopWidth();
        WebElement request = closureRequestOnTheDesk(taskId);
        assertThat(request.getText()).contains(TITLE, EVIDENCE, "dept-a", PHOTO_NAME, sha256(photo));
        WebElement link = request.findElement(By.cssSelector(".evidence-files a"));
        assertThat(link.getText()).isEqualTo(PHOTO_NAME);
        assertThat(sha256(fetched(link.getAttribute("href")))).as("the file opened is the file submitted")
                .isEqualTo(sha256(photo));
        lookAt("story-desk-closure-requested");
        readmePicture("readme-desk", 1000);
        expand(request.findElement(By.cssSelector("details:has(form[action*='/return#'])")));
        type("return-reason-" + taskId, RETURN_REASON);
        submit(request.findElement(By.cssSelector("form[action*='/return#'] button")));
        assertThat(findAll("#closure-heading ~ ol > li#closure-" + taskId)).as("no longer waiting").isEmpty();
        assertThat(supervisor.get("/api/tasks/" + taskId).json().get("status").asText()).isEqualTo("IN_PROGRESS");
        open("/tasks/" + taskId);
        expand(find("details:has(form[action*='/escalate#'])"));
        lookAt("story-task-supervisor-escalate");

        // 责任单位: asks again, with the acceptance report.
        signInAs("dept-a");
        phoneWidth();
        open("/tasks/" + taskId);
        openItemForm("closure-request");
        type("closure-request-evidence-" + taskId, EVIDENCE_AGAIN);
        find("#closure-request-file-" + taskId).sendKeys(file(REPORT_NAME, report).toString());
        submit(find("form[action*='/closure-request#'] button"));
        assertThat(find("dl.facts").getText()).contains("申请销号", EVIDENCE_AGAIN, REPORT_NAME);

        // 督查办: opens the report on the desk and closes the task.
        signInAs("supervisor");
        desktopWidth();
        request = closureRequestOnTheDesk(taskId);
        assertThat(request.getText()).contains(EVIDENCE_AGAIN, REPORT_NAME).doesNotContain(PHOTO_NAME);
        assertThat(sha256(fetched(request.findElement(By.cssSelector(".evidence-files a")).getAttribute("href"))))
                .isEqualTo(sha256(report));
        submit(request.findElement(By.cssSelector("form[action*='/close#'] button")));
        assertThat(supervisor.get("/api/tasks/" + taskId).json().get("status").asText()).isEqualTo("CLOSED");
        open("/tasks/" + taskId);
        assertThat(find("dl.facts").getText()).contains("已销号", EVIDENCE_AGAIN, REPORT_NAME, sha256(report));

        // The timeline: every step, who did it, and why.
        List<WebElement> steps = findAll(".timeline > li");
        assertThat(steps).extracting(step -> step.findElement(By.cssSelector(".step-head strong")).getText())
                .containsExactly("挂账", "签收", "报送进度", "申请销号", "退回", "申请销号", "销号");
        assertThat(steps).extracting(step -> step.findElement(By.cssSelector(".who")).getText())
                .allSatisfy(who -> assertThat(who).containsAnyOf("supervisor · 督查办", "dept-a · 责任单位 · DEPT-A"));
        assertThat(steps.get(0).getText()).contains("supervisor");
        assertThat(steps.get(3).getText()).contains("dept-a", EVIDENCE, PHOTO_NAME, sha256(photo));
        assertThat(steps.get(4).getText()).contains("supervisor", RETURN_REASON);
        assertThat(steps.get(5).getText()).contains("dept-a", EVIDENCE_AGAIN, REPORT_NAME);
        assertThat(steps.get(6).getText()).contains("supervisor");
        assertThat(sha256(fetched(steps.get(3).findElement(By.cssSelector(".evidence-files a")).getAttribute("href"))))
                .as("the timeline links the first request's file").isEqualTo(sha256(photo));
        lookAt("story-task-closed");
        readmePicture("readme-timeline", 1500);

        // The battle map counts it closed.
        Eventually.until(Duration.ofSeconds(60), () -> auditor.get(ledgerPath(PUBLIC_LEDGER_IN_STORY)).json(),
                (JsonNode ledger) -> ledger.path("closed").asLong() == 1);
        open("/board.html?ledger=" + encoded(PUBLIC_LEDGER_IN_STORY));
        Eventually.until(Duration.ofSeconds(60), () -> figure("销号 Closed"), closed -> closed.equals("1"));
        assertThat(figure("在办 Open")).isEqualTo("0");
        assertThat(findAll("#trend-chart circle.rate-point")).as("its one day with a closure rate is drawn, as a dot")
                .hasSize(1);
        lookAt("story-board");

        // The public board, read by anyone: counts it closed, and names nobody.
        browser.manage().deleteAllCookies();
        open("/public/" + encoded(PUBLIC_LEDGER_IN_STORY));
        assertThat(find("h1").getText()).isEqualTo(PUBLIC_LEDGER_IN_STORY);
        assertThat(publicFigure("销号 Closed")).isEqualTo("1");
        assertThat(publicFigure("在办 Open")).isEqualTo("0");
        assertThat(find("table.items").getText()).contains(TITLE, "DEPT-A", "销号");
        lookAt("story-public-board");
        String html = new PageSession(port).get("/public/" + encoded(PUBLIC_LEDGER_IN_STORY)).body();
        assertThat(html).contains(TITLE).doesNotContain("supervisor", "dept-a", EVIDENCE, RETURN_REASON,
                EVIDENCE_AGAIN, PHOTO_NAME, REPORT_NAME, "管网接通，路面恢复中", sha256(photo), "/evidence/");
    }

    @Test
    void a_file_the_api_refuses_is_shown_beside_the_field_with_its_message_and_nothing_is_requested() throws Exception {
        String ledger = uniqueLedger("证明材料 Evidence refused");
        String taskId = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "清理河道垃圾",
                "leadDepartment", "DEPT-A", "dueDate", today().plusDays(30).toString())).json()
                .get("taskId").asText();
        assertThat(deptA.post("/api/tasks/" + taskId + "/claim").status()).isEqualTo(200);
        byte[] page = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
        String apiMessage = deptA.upload("/api/tasks/" + taskId + "/evidence",
                List.of(new FilePart("file", "验收报告.pdf", "application/pdf", page))).json().get("detail").asText();
        long events = storedEvents();

        signInAs("dept-a");
        phoneWidth();
        open("/tasks/" + taskId);
        openItemForm("closure-request");
        type("closure-request-evidence-" + taskId, "河道已清理");
        // more files than one request may carry: refused before sending, so the text typed is not lost to a 413
        List<String> six = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            six.add(file("照片" + i + ".png", photo()).toString());
        }
        WebElement files = find("#closure-request-file-" + taskId);
        files.sendKeys(String.join("\n", six));
        find("form[action*='/closure-request#'] button").click();
        assertThat(((JavascriptExecutor) browser).executeScript("return arguments[0].validationMessage", files))
                .isEqualTo("所选文件超过了允许的大小或数量：每个不超过 10 MB，一次最多 5 个。");
        assertThat(find("#closure-request-evidence-" + taskId).getAttribute("value")).isEqualTo("河道已清理");
        files.clear();
        files.sendKeys(file("验收报告.pdf", page).toString());
        submit(find("form[action*='/closure-request#'] button"));

        WebElement input = find("#closure-request-file-" + taskId);
        assertThat(find("#closure-request-file-" + taskId + "-error").getText()).contains(apiMessage);
        assertThat(input.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(find("#closure-request-evidence-" + taskId).getText()).as("the text typed is kept")
                .isEqualTo("河道已清理");
        lookAt("closure-request-file-refused-phone");
        JsonNode task = supervisor.get("/api/tasks/" + taskId).json();
        assertThat(task.get("status").asText()).isEqualTo("CLAIMED");
        assertThat(task.has("closureRequest")).isFalse();
        assertThat(storedEvents()).as("nothing is requested").isEqualTo(events);
    }

    /** The task, registered by the supervisor on the desk, on the public ledger. */
    private String registerOnTheDesk() {
        open("/desk");
        type("register-ledger-new-task", PUBLIC_LEDGER_IN_STORY);
        type("register-title-new-task", TITLE);
        type("register-leadDepartment-new-task", "DEPT-A");
        type("register-dueDate-new-task", today().plusDays(30).toString());
        submit(find("form[action^='/desk/register'] button"));
        String href = find("p.message a").getAttribute("href");
        return href.substring(href.lastIndexOf('/') + 1);
    }

    /** The task's closure request on the desk, reloading the desk until the ledger's lines list it. */
    private WebElement closureRequestOnTheDesk(String taskId) {
        String row = "#closure-heading ~ ol > li#closure-" + taskId;
        return Eventually.until(Duration.ofSeconds(30), () -> {
            open("/desk");
            return findAll(row);
        }, rows -> rows.size() == 1).get(0);
    }

    /**
     * A picture for the README: the page at an office screen's width, its top {@code height} pixels, small
     * enough to be committed ({@code docs/screenshots/}).
     */
    private void readmePicture(String name, int height) {
        browser.manage().window().setSize(new Dimension(1000, 900));
        screenshot(name, height);
        desktopWidth();
    }

    /** The file's bytes as the signed-in browser fetches them through the link. */
    private byte[] fetched(String href) {
        Object base64 = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {credentials: 'same-origin'})
                  .then(r => r.ok ? r.arrayBuffer() : Promise.reject(r.status))
                  .then(b => { let s = ''; new Uint8Array(b).forEach(c => s += String.fromCharCode(c)); done(btoa(s)); })
                  .catch(e => done('failed: ' + e));
                """, href);
        assertThat(String.valueOf(base64)).as("fetching %s", href).doesNotStartWith("failed");
        return Base64.getDecoder().decode((String) base64);
    }

    private String figure(String label) {
        return findAll("#figures .figure").stream()
                .filter(box -> box.findElement(By.cssSelector(".label")).getText().equals(label))
                .map(box -> box.findElement(By.cssSelector(".value")).getText()).findFirst().orElse("");
    }

    private String publicFigure(String label) {
        return findAll(".figures > div").stream()
                .filter(figure -> figure.findElement(By.tagName("dt")).getText().equals(label))
                .map(figure -> figure.findElement(By.tagName("dd")).getText()).findFirst().orElse("");
    }

    private WebElement row(String taskId) {
        return find(rowSelector(taskId));
    }

    private static String rowSelector(String taskId) {
        return "li.item:has(a[href='/tasks/" + taskId + "'])";
    }

    private void openForm(String taskId, String slug) {
        expand(row(taskId).findElement(By.cssSelector("details:has(form[action*='/" + slug + "#'])")));
    }

    private void openItemForm(String slug) {
        expand(find("details:has(form[action*='/" + slug + "#'])"));
    }

    private static void expand(WebElement details) {
        if (details.getAttribute("open") == null) {
            details.findElement(By.tagName("summary")).click();
        }
    }

    private WebElement formButton(String taskId, String slug) {
        return row(taskId).findElement(By.cssSelector("form[action*='/" + slug + "#'] button"));
    }

    private void type(String id, String text) {
        WebElement input = find("#" + id);
        input.clear();
        if ("date".equals(input.getAttribute("type"))) {
            // A date input takes what the browser's own picker would set; typing depends on the locale.
            script("arguments[0].value = arguments[1]", input, text);
        } else {
            input.sendKeys(text);
        }
    }

    private static Path file(String name, byte[] content) throws IOException {
        return Files.write(files.resolve(name), content);
    }

    /** A small real PNG: a photo of a manhole cover, as far as a test can draw one. */
    private static byte[] photo() throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D pen = image.createGraphics();
        pen.setColor(new Color(0x6b8e23));
        pen.fillRect(0, 0, 64, 48);
        pen.setColor(Color.DARK_GRAY);
        pen.fillOval(16, 8, 32, 32);
        pen.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }

    /** A one-page PDF, as small as a valid one gets. */
    private static byte[] pdf() {
        return """
                %PDF-1.4
                1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
                2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
                3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >> endobj
                trailer << /Root 1 0 R >>
                %%EOF
                """.getBytes(StandardCharsets.US_ASCII);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
