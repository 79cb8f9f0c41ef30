package dev.closeout.application.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.domain.common.Limits;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request body over {@code closeout.api.max-body-size} (1 MB by default) is refused with 413
 * naming the limit, before it is read, whether its length is declared or it comes in chunks; the
 * largest legitimate body passes.
 *
 * <p>A refused body the client sends anyway is read and dropped by Tomcat up to its
 * {@code maxSwallowSize} (2 MB) so that the client gets the answer; past that Tomcat closes the
 * connection, and whether a client still sending sees the answer or a reset is a matter of timing.
 * So the bodies sent here stay under 2 MB, and the larger one is announced with
 * {@code Expect: 100-continue} (as curl does for large bodies) and never sent.
 */
class RequestBodyLimitTest extends IntegrationTest {

    private static final long LIMIT = 1024 * 1024;
    private static final String AUTHORIZATION = "Basic "
            + Base64.getEncoder().encodeToString("supervisor:supervisor".getBytes(StandardCharsets.UTF_8));

    private static String task(String ledger, String description) {
        return "{\"ledger\":\"" + ledger + "\",\"title\":\"核查\",\"leadDepartment\":\"DEPT-A\","
                + "\"dueDate\":\"2030-06-30\",\"description\":\"" + description + "\"}";
    }

    private static void assertTooLarge(int status, String contentType, String body) throws Exception {
        assertThat(status).as(body).isEqualTo(413);
        assertThat(contentType).startsWith("application/problem+json");
        JsonNode problem = new ObjectMapper().readTree(body);
        assertThat(problem.get("detail").asText()).contains("closeout.api.max-body-size", "1 MB");
        assertThat(problem.get("maxBodySize").asLong()).isEqualTo(LIMIT);
    }

    @Test
    void a_two_megabyte_description_is_refused_with_413_and_stores_nothing() throws Exception {
        long before = storedEvents();
        ApiClient.Response response = supervisor.post("/api/tasks",
                task(uniqueLedger("大文本"), "x".repeat(2_000_000)));
        assertTooLarge(response.status(), response.contentType(), response.body());
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a_seventeen_megabyte_body_is_refused_with_413_before_any_of_it_is_sent() throws Exception {
        long before = storedEvents();
        RawHttp http = new RawHttp(port);
        RawHttp.Response response = http.exchange(http.head("POST", "/api/tasks", "Authorization: " + AUTHORIZATION,
                "Content-Type: application/json", "Content-Length: " + 17 * 1024 * 1024, "Expect: 100-continue"), null);
        assertTooLarge(response.status(), response.header("Content-Type"), response.body());
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void an_evidence_upload_has_its_own_limit_and_over_it_is_refused_with_413_before_any_of_it_is_sent() throws Exception {
        long evidenceLimit = 5 * (10 * 1024 * 1024 + 8 * 1024) + 8 * 1024;
        RawHttp http = new RawHttp(port);
        RawHttp.Response response = http.exchange(http.head("POST", "/api/tasks/any-task/evidence",
                "Authorization: " + AUTHORIZATION, "Content-Type: multipart/form-data; boundary=x",
                "Content-Length: " + (evidenceLimit + 1), "Expect: 100-continue"), null);

        assertThat(response.status()).as(response.body()).isEqualTo(413);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = new ObjectMapper().readTree(response.body());
        assertThat(problem.get("detail").asText()).contains("closeout.evidence.max-file-size");
        assertThat(problem.get("maxBodySize").asLong()).isEqualTo(evidenceLimit);
    }

    @Test
    void a_chunked_body_over_the_limit_is_refused_with_413() throws Exception {
        long before = storedEvents();
        byte[] json = task(uniqueLedger("分块"), "x".repeat((int) (LIMIT * 3 / 2))).getBytes(StandardCharsets.UTF_8);
        RawHttp http = new RawHttp(port);
        RawHttp.Response response = http.exchange(http.head("POST", "/api/tasks", "Authorization: " + AUTHORIZATION,
                "Content-Type: application/json", "Transfer-Encoding: chunked"), chunked(json));
        assertTooLarge(response.status(), response.header("Content-Type"), response.body());
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a_chunked_body_within_the_limit_is_read_as_usual() {
        byte[] json = task(uniqueLedger("分块"), "正常").getBytes(StandardCharsets.UTF_8);
        RawHttp http = new RawHttp(port);
        RawHttp.Response response = http.exchange(http.head("POST", "/api/tasks", "Authorization: " + AUTHORIZATION,
                "Content-Type: application/json", "Transfer-Encoding: chunked"), chunked(json));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    /**
     * An upload sent in chunks (no length declared, as {@code curl -H "Transfer-Encoding: chunked"} sends it) is refused
     * with 411 saying so, and nothing is stored; it was answered 400 "file is required", its parts lost to the count.
     */
    @Test
    void a_chunked_evidence_upload_is_refused_with_411_naming_the_length_it_lacks() {
        String taskId = supervisor.post("/api/tasks", task(uniqueLedger("分块上传"), "x")).json().get("taskId").asText();
        assertThat(deptA.post("/api/tasks/" + taskId + "/claim").status()).isEqualTo(200);
        byte[] png = new byte[2_000];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 0, png, 0, 8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(png);
        body.writeBytes("\r\n--x--\r\n".getBytes(StandardCharsets.UTF_8));
        String asDeptA = "Basic " + Base64.getEncoder().encodeToString("dept-a:dept-a".getBytes(StandardCharsets.UTF_8));
        RawHttp http = new RawHttp(port);

        RawHttp.Response response = http.exchange(http.head("POST", "/api/tasks/" + taskId + "/evidence",
                "Authorization: " + asDeptA, "Content-Type: multipart/form-data; boundary=x",
                "Transfer-Encoding: chunked"), chunked(body.toByteArray()));

        assertThat(response.status()).as(response.toString()).isEqualTo(411);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body()).contains("Content-Length");
        assertThat(database.getCollection("evidence.files").countDocuments(new Document("metadata.owner", taskId)))
                .isZero();
    }

    /**
     * A task with every text at its longest, 200 supporting departments, and every character sent
     * as a six-byte JSON escape: the most bytes a valid task can take, still well within the limit.
     */
    @Test
    void the_largest_legitimate_task_fits_with_room_to_spare() {
        StringBuilder departments = new StringBuilder();
        for (int i = 0; i < Limits.SUPPORTING_DEPARTMENTS; i++) {
            departments.append(i == 0 ? "" : ",").append('"').append(String.format("%03d", i))
                    .append("\\u90e8".repeat(197)).append('"');
        }
        String body = "{\"ledger\":\"" + uniqueLedger("最大") + "\",\"title\":\"" + "\\u6838".repeat(500)
                + "\",\"leadDepartment\":\"DEPT-A\",\"dueDate\":\"2030-06-30\",\"description\":\""
                + "\\u8bf4".repeat(Limits.DESCRIPTION) + "\",\"responsibleLeader\":\"" + "\\u674e".repeat(Limits.NAME)
                + "\",\"supportingDepartments\":[" + departments + "]}";
        assertThat((long) body.length()).isBetween(LIMIT / 5, LIMIT / 3);
        ApiClient.Response response = supervisor.post("/api/tasks", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private static byte[] chunked(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int chunk = 64 * 1024;
        for (int from = 0; from < body.length; from += chunk) {
            byte[] part = Arrays.copyOfRange(body, from, Math.min(body.length, from + chunk));
            out.writeBytes((Integer.toHexString(part.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(part);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
