package dev.closeout.application.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient.BytesResponse;
import dev.closeout.application.support.ApiClient.FilePart;
import dev.closeout.application.support.ApiClient.Response;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.domain.task.TaskEvent.TaskClosureRequested;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.web.multipart.MultipartFile;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Evidence files of a closure request (申请销号), over HTTP as departments, supervisors and auditors use them. */
class EvidenceApiTest extends IntegrationTest {

    @Autowired
    @Qualifier("eventSerializer")
    private Serializer eventSerializer;

    @Autowired
    private EvidenceService evidence;

    private String taskId;

    @BeforeEach
    void claimedTask() {
        taskId = registeredTask();
        assertThat(deptA.post("/api/tasks/" + taskId + "/claim").status()).isEqualTo(200);
    }

    /** A task of its own, led by DEPT-A. */
    private String registeredTask() {
        return supervisor.post("/api/tasks", Map.of("ledger", uniqueLedger("Evidence"), "title", "背街小巷环境整治",
                "leadDepartment", "DEPT-A", "dueDate", today().plusDays(60).toString()))
                .json().get("taskId").asText();
    }

    static byte[] jpeg(int size) {
        return withHead(size, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0});
    }

    static byte[] png(int size) {
        return withHead(size, HexFormat.of().parseHex("89504e470d0a1a0a"));
    }

    static byte[] pdf(int size) {
        return withHead(size, "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] withHead(int size, byte[] head) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        System.arraycopy(head, 0, bytes, 0, head.length);
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private String evidencePath() {
        return "/api/tasks/" + taskId + "/evidence";
    }

    private long storedFiles() {
        return database.getCollection("evidence.files").countDocuments(new Document("metadata.owner", taskId));
    }

    @Test
    void jpeg_png_and_pdf_files_are_stored_and_read_back_byte_for_byte_with_their_sha256() throws Exception {
        // bigger than one 255 KB chunk, so that reading back crosses chunks
        List<byte[]> contents = List.of(jpeg(600_000), png(1_234), pdf(300_001));
        List<FilePart> parts = List.of(new FilePart("file", "整改后照片.jpg", "image/jpeg", contents.get(0)),
                new FilePart("file", "screenshot.png", "application/octet-stream", contents.get(1)),
                new FilePart("file", "验收报告.pdf", "application/pdf", contents.get(2)));

        Response upload = deptA.upload(evidencePath(), parts);

        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        JsonNode files = upload.json();
        assertThat(files).hasSize(3);
        List<String> types = List.of("image/jpeg", "image/png", "application/pdf");
        for (int i = 0; i < 3; i++) {
            JsonNode file = files.get(i);
            assertThat(file.get("name").asText()).isEqualTo(parts.get(i).fileName());
            assertThat(file.get("size").asLong()).isEqualTo(contents.get(i).length);
            assertThat(file.get("sha256").asText()).isEqualTo(sha256(contents.get(i)));
            assertThat(file.get("contentType").asText()).isEqualTo(types.get(i));
            for (var reader : List.of(supervisor, auditor, deptA)) {
                BytesResponse download = reader.getBytes(evidencePath() + "/" + file.get("id").asText());
                assertThat(download.status()).isEqualTo(200);
                assertThat(download.body()).isEqualTo(contents.get(i));
                assertThat(sha256(download.body())).isEqualTo(file.get("sha256").asText());
                assertThat(download.header("Content-Type")).isEqualTo(types.get(i));
                assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");
                assertThat(download.header("Content-Disposition")).startsWith("attachment; ");
            }
        }
    }

    @Test
    void a_download_offers_the_file_under_its_own_name_encoded_for_any_browser() {
        Response upload = deptA.upload(evidencePath(), List.of(new FilePart("file", "整改 \"前后\" 对比*.png",
                "image/png", png(100))));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);

        BytesResponse download = supervisor.getBytes(evidencePath() + "/" + upload.json().get(0).get("id").asText());

        assertThat(download.header("Content-Disposition")).isEqualTo("attachment; filename=\"__ ____ __*.png\"; "
                + "filename*=UTF-8''%E6%95%B4%E6%94%B9%20%22%E5%89%8D%E5%90%8E%22%20%E5%AF%B9%E6%AF%94%2A.png");
    }

    @Test
    void a_program_renamed_png_and_a_web_page_sent_as_a_jpeg_are_refused_naming_the_file_and_nothing_is_stored() {
        byte[] program = withHead(2_000, "MZ".getBytes(StandardCharsets.US_ASCII));
        byte[] page = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);

        for (FilePart bad : List.of(new FilePart("file", "photo.png", "image/png", program),
                new FilePart("file", "photo.jpg", "image/jpeg", page))) {
            Response refused = deptA.upload(evidencePath(), List.of(
                    new FilePart("file", "good.jpg", "image/jpeg", jpeg(1_000)), bad));

            assertThat(refused.status()).as(refused.body()).isEqualTo(415);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(refused.json().get("field").asText()).isEqualTo("file");
            assertThat(refused.json().get("detail").asText()).contains("\"" + bad.fileName() + "\"", "JPEG, PNG or PDF");
        }
        assertThat(storedFiles()).isZero();
    }

    @Test
    void a_file_over_the_size_limit_is_refused_with_413_naming_it() {
        Response refused = deptA.upload(evidencePath(), List.of(
                new FilePart("file", "太大的照片.jpg", "image/jpeg", jpeg(10 * 1024 * 1024 + 1))));

        assertThat(refused.status()).as(refused.body()).isEqualTo(413);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.json().get("field").asText()).isEqualTo("file");
        assertThat(refused.json().get("detail").asText()).contains("\"太大的照片.jpg\"", "closeout.evidence.max-file-size");
        assertThat(storedFiles()).isZero();
    }

    @Test
    void an_upload_may_be_larger_than_the_general_body_limit_but_a_json_command_may_not() {
        Response upload = deptA.upload(evidencePath(), List.of(new FilePart("file", "scan.pdf", "application/pdf",
                pdf(2 * 1024 * 1024))));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);

        Response closure = deptA.post("/api/tasks/" + taskId + "/closure-request",
                Map.of("evidence", "x".repeat(2 * 1024 * 1024)));
        assertThat(closure.status()).isEqualTo(413);
        assertThat(closure.json().get("detail").asText()).contains("closeout.api.max-body-size");
    }

    @Test
    void more_files_than_a_request_may_carry_are_refused_naming_the_field() {
        List<FilePart> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.add(new FilePart("file", "p" + i + ".jpg", "image/jpeg", jpeg(100)));
        }
        Response refused = deptA.upload(evidencePath(), six);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("file");
        assertThat(storedFiles()).isZero();
    }

    @Test
    void an_upload_without_a_file_part_or_with_a_body_that_is_not_multipart_is_refused_as_bad_input() throws Exception {
        Response none = deptA.upload(evidencePath(), List.of());
        assertThat(none.status()).as(none.body()).isEqualTo(400);
        assertThat(none.json().get("field").asText()).isEqualTo("file");

        HttpResponse<String> malformed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + evidencePath()))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("dept-a:dept-a".getBytes()))
                .header("Content-Type", "multipart/form-data")
                .POST(HttpRequest.BodyPublishers.ofString("no boundary anywhere")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void a_file_that_fails_while_stored_fails_the_whole_upload_and_leaves_none_of_its_files() {
        MultipartFile first = new MockMultipartFile("file", "before.jpg", "image/jpeg", jpeg(1_000));
        MultipartFile second = new MockMultipartFile("file", "before.pdf", "application/pdf", pdf(1_000));
        byte[] judged = png(2_000);
        // Judged as one PNG, read again while stored as other bytes: the store's own check refuses it.
        MultipartFile changing = new MockMultipartFile("file", "changed.png", "image/png", judged) {
            private int reads;

            @Override
            public InputStream getInputStream() throws IOException {
                return new ByteArrayInputStream(reads++ == 0 ? judged : png(2_001));
            }
        };

        assertThatThrownBy(() -> evidence.upload(new TaskId(taskId), Actor.department("dept-a", "DEPT-A"),
                List.of(first, second, changing))).hasMessageContaining("changed while it was stored");

        assertThat(storedFiles()).isZero();
    }

    @Test
    void a_file_whose_stated_sha256_does_not_match_is_refused_naming_its_position_and_nothing_is_stored()
            throws Exception {
        byte[] photo = jpeg(1_000);
        byte[] report = pdf(1_000);
        List<FilePart> parts = List.of(new FilePart("file", "a.jpg", "image/jpeg", photo),
                new FilePart("file", "b.pdf", "application/pdf", report));

        Response refused = deptA.upload(evidencePath(), parts, List.of(sha256(photo), sha256(photo)));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.json().get("field").asText()).isEqualTo("sha256[1]");
        assertThat(refused.json().get("detail").asText()).contains("\"b.pdf\"", sha256(report));
        Response miscounted = deptA.upload(evidencePath(), parts, List.of(sha256(photo)));
        assertThat(miscounted.status()).as(miscounted.body()).isEqualTo(400);
        assertThat(miscounted.json().get("field").asText()).isEqualTo("sha256");
        assertThat(storedFiles()).isZero();

        Response matching = deptA.upload(evidencePath(), parts, List.of(sha256(photo), sha256(report).toUpperCase()));
        assertThat(matching.status()).as(matching.body()).isEqualTo(201);
        assertThat(storedFiles()).isEqualTo(2);
    }

    @Test
    void a_file_part_sent_as_text_or_without_a_name_is_refused_as_bad_input_naming_the_field() {
        for (Response refused : List.of(
                deptA.upload(evidencePath(), List.of(), List.of("not a file"), "file"),
                deptA.upload(evidencePath(), List.of(new FilePart("file", "", "image/jpeg", jpeg(100)))))) {
            assertThat(refused.status()).as(refused.body()).isBetween(400, 499);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(refused.json().get("field").asText()).isEqualTo("file");
        }
        assertThat(storedFiles()).isZero();
    }

    @Test
    void a_name_with_a_path_is_refused_naming_the_field() {
        Response refused = deptA.upload(evidencePath(), List.of(new FilePart("file", "../../etc/photo.jpg",
                "image/jpeg", jpeg(100))));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("file");
        assertThat(refused.json().get("detail").asText()).contains("without a path");
    }

    @Test
    void another_department_may_neither_upload_nor_download_and_alert_consumers_may_not_download() {
        Response refused = deptB.upload(evidencePath(), List.of(new FilePart("file", "a.jpg", "image/jpeg", jpeg(100))));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(storedFiles()).isZero();

        String id = deptA.upload(evidencePath(), List.of(new FilePart("file", "a.jpg", "image/jpeg", jpeg(100))))
                .json().get(0).get("id").asText();
        assertThat(deptB.getBytes(evidencePath() + "/" + id).status()).isEqualTo(403);
        assertThat(alerts.getBytes(evidencePath() + "/" + id).status()).isEqualTo(403);
        assertThat(auditor.upload(evidencePath(), List.of(new FilePart("file", "a.jpg", "image/jpeg", jpeg(100))))
                .status()).isEqualTo(403);
    }

    @Test
    void evidence_is_uploaded_only_while_the_task_may_ask_for_closure() {
        Response refused = deptA.upload("/api/tasks/" + registeredTask() + "/evidence",
                List.of(new FilePart("file", "a.jpg", "image/jpeg", jpeg(100))));

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains("REGISTERED");
    }

    /**
     * While an extension waits, files are taken, for a milestone reported met with them (报完成 takes files whatever
     * the extension); a closure request naming them waits for the extension's decision, as any closure request does.
     */
    @Test
    void evidence_is_taken_while_an_extension_waits_and_the_closure_request_naming_it_is_refused_until_decided() {
        assertThat(deptA.post("/api/tasks/" + taskId + "/extension", Map.of("newDueDate",
                today().plusDays(90).toString(), "reason", "雨季施工")).status()).isEqualTo(200);

        Response uploaded = deptA.upload("/api/tasks/" + taskId + "/evidence",
                List.of(new FilePart("file", "a.jpg", "image/jpeg", jpeg(100))));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        Response refused = deptA.post("/api/tasks/" + taskId + "/closure-request", Map.of("evidence", "已完工",
                "evidenceFiles", List.of(uploaded.json().get(0).get("id").asText())));

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains("extension", "pending");
    }

    @Test
    void a_file_is_read_only_under_the_task_it_was_uploaded_for() {
        String id = deptA.upload(evidencePath(), List.of(new FilePart("file", "a.jpg", "image/jpeg", jpeg(100))))
                .json().get(0).get("id").asText();
        String otherTask = registeredTask();

        assertThat(supervisor.getBytes("/api/tasks/" + otherTask + "/evidence/" + id).status()).isEqualTo(404);
        assertThat(supervisor.getBytes(evidencePath() + "/no-such-file").status()).isEqualTo(404);
    }

    @Test
    void the_closure_request_records_each_file_with_its_name_size_and_sha256_in_the_history() throws Exception {
        byte[] photo = jpeg(70_000);
        byte[] report = pdf(5_000);
        JsonNode uploaded = deptA.upload(evidencePath(), List.of(new FilePart("file", "现场照片.jpg", "image/jpeg", photo),
                new FilePart("file", "验收报告.pdf", "application/pdf", report))).json();

        Response closure = deptA.post("/api/tasks/" + taskId + "/closure-request", Map.of("evidence", "整改完成，附照片和验收报告",
                "evidenceFiles", List.of(uploaded.get(1).get("id").asText(), uploaded.get(0).get("id").asText())));

        assertThat(closure.status()).as(closure.body()).isEqualTo(200);
        JsonNode inView = closure.json().get("closureRequest").get("evidenceFiles");
        assertThat(inView).hasSize(2);
        assertThat(inView.get(0).get("name").asText()).isEqualTo("验收报告.pdf");
        JsonNode requested = null;
        for (JsonNode entry : supervisor.get("/api/tasks/" + taskId + "/history").json()) {
            if (entry.get("type").asText().equals("TaskClosureRequested")) {
                requested = entry;
            }
        }
        assertThat(requested).isNotNull();
        JsonNode files = requested.get("evidenceFiles");
        assertThat(files).hasSize(2);
        assertThat(files.get(0).get("fileId").asText()).isEqualTo(uploaded.get(1).get("id").asText());
        assertThat(files.get(0).get("name").asText()).isEqualTo("验收报告.pdf");
        assertThat(files.get(0).get("size").asLong()).isEqualTo(report.length);
        assertThat(files.get(0).get("sha256").asText()).isEqualTo(sha256(report));
        assertThat(files.get(1).get("name").asText()).isEqualTo("现场照片.jpg");
        assertThat(files.get(1).get("size").asLong()).isEqualTo(photo.length);
        assertThat(files.get(1).get("sha256").asText()).isEqualTo(sha256(photo));
    }

    @Test
    void a_closure_request_naming_an_unknown_file_or_another_tasks_file_is_refused_naming_the_field() {
        String otherTask = registeredTask();
        deptA.post("/api/tasks/" + otherTask + "/claim");
        String othersFile = deptA.upload("/api/tasks/" + otherTask + "/evidence",
                List.of(new FilePart("file", "a.jpg", "image/jpeg", jpeg(100)))).json().get(0).get("id").asText();
        String ownFile = deptA.upload(evidencePath(), List.of(new FilePart("file", "b.jpg", "image/jpeg", jpeg(100))))
                .json().get(0).get("id").asText();
        long events = storedEvents();

        for (List<String> ids : List.of(List.of("0123456789abcdef01234567"), List.of(ownFile, othersFile))) {
            Response refused = deptA.post("/api/tasks/" + taskId + "/closure-request",
                    Map.of("evidence", "整改完成", "evidenceFiles", ids));

            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(refused.json().get("field").asText()).isEqualTo("evidenceFiles[" + (ids.size() - 1) + "]");
            assertThat(refused.json().get("detail").asText()).contains(ids.get(ids.size() - 1));
        }
        assertThat(storedEvents()).isEqualTo(events);
    }

    @Test
    void a_closure_request_event_stored_before_evidence_files_existed_reads_back_with_none() {
        String stored = "{\"taskId\":{\"value\":\"road-g312\"},\"evidence\":\"验收报告\","
                + "\"actor\":{\"user\":\"li.jt\",\"role\":\"DEPARTMENT\",\"department\":\"TRANSPORT\"}}";

        TaskClosureRequested event = eventSerializer.deserialize(new SimpleSerializedObject<>(stored, String.class,
                TaskClosureRequested.class.getName(), null));

        assertThat(event.evidence()).isEqualTo("验收报告");
        assertThat(event.evidenceFiles()).isEmpty();
        assertThat(event.actor().department()).isEqualTo("TRANSPORT");
    }
}
