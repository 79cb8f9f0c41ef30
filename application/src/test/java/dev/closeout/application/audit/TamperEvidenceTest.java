package dev.closeout.application.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import dev.closeout.application.support.ApiClient.Response;
import dev.closeout.application.support.IntegrationTest;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored events edited behind the application's back, directly in MongoDB, are found by
 * verification, which names exactly the altered event (or the digest it contradicts). Each test
 * puts back what it altered, since every test shares the store.
 */
class TamperEvidenceTest extends IntegrationTest {

    private final List<Runnable> restore = new ArrayList<>();

    @AfterEach
    void putBackWhatWasAltered() {
        restore.forEach(Runnable::run);
        restore.clear();
    }

    @Test
    void an_untouched_store_verifies_clean_as_a_whole_and_item_by_item() {
        String task = taskWithProgress(2);
        assertThat(supervisor.post("/api/audit/digests", Map.of()).status()).isEqualTo(201);

        JsonNode all = verify(auditor, "");
        assertThat(all.get("verified").asBoolean()).as(all.toString()).isTrue();
        assertThat(all.get("broken")).isEmpty();
        assertThat(all.get("events").asLong()).isGreaterThanOrEqualTo(4);
        JsonNode one = verify(supervisor, "?task=" + task);
        assertThat(one.get("verified").asBoolean()).as(one.toString()).isTrue();
        assertThat(one.get("events").asLong()).isEqualTo(4);
    }

    @Test
    void an_edited_payload_field_names_exactly_that_event() {
        String task = taskWithProgress(2);
        alter(task, 3, event -> {
            String payload = new String(event.get("payload", Binary.class).getData(), StandardCharsets.UTF_8);
            assertThat(payload).contains("完成 2 段");
            event.put("payload", new Binary(payload.replace("完成 2 段", "完成 9 段").getBytes(StandardCharsets.UTF_8)));
        });

        JsonNode one = verify(auditor, "?task=" + task);
        assertThat(one.get("verified").asBoolean()).isFalse();
        assertThat(brokenEvents(one)).containsExactly(task + "/3");
        assertThat(one.get("broken").get(0).get("reason").asText()).contains("content does not match");
        assertThat(brokenEvents(verify(auditor, ""))).containsExactly(task + "/3");
    }

    @Test
    void an_edited_event_moved_below_the_lowest_global_index_is_named() {
        String task = taskWithProgress(2);
        Document original = event(task, 2);
        String payload = new String(original.get("payload", Binary.class).getData(), StandardCharsets.UTF_8);
        assertThat(payload).contains("完成 1 段");
        Document moved = new Document(original).append("_id", -1L)
                .append("payload", new Binary(payload.replace("完成 1 段", "完成 9 段").getBytes(StandardCharsets.UTF_8)));
        events().deleteOne(new Document("_id", original.get("_id")));
        events().insertOne(moved);
        restore.add(() -> {
            events().deleteOne(new Document("_id", -1L));
            events().insertOne(original);
        });

        JsonNode all = verify(auditor, "");
        assertThat(all.get("verified").asBoolean()).as(all.toString()).isFalse();
        assertThat(brokenEvents(all)).containsExactly(task + "/2");
        assertThat(all.get("broken").get(0).get("reason").asText()).contains("content does not match");
        assertThat(brokenEvents(verify(auditor, "?task=" + task))).containsExactly(task + "/2");
    }

    @Test
    void two_events_whose_sequence_numbers_were_swapped_are_both_named() {
        String task = taskWithProgress(3);
        Document second = event(task, 2);
        Document third = event(task, 3);
        events().updateOne(new Document("_id", second.get("_id")), set(task + "/swapping", 3));
        events().updateOne(new Document("_id", third.get("_id")), set(task + "/2", 2));
        events().updateOne(new Document("_id", second.get("_id")), set(task + "/3", 3));
        restore.add(() -> {
            events().replaceOne(new Document("_id", second.get("_id")), new Document(second).append("aggregateKey", task + "/swapping"));
            events().replaceOne(new Document("_id", third.get("_id")), third);
            events().replaceOne(new Document("_id", second.get("_id")), second);
        });

        JsonNode one = verify(auditor, "?task=" + task);
        assertThat(one.get("verified").asBoolean()).isFalse();
        assertThat(brokenEvents(one)).containsExactlyInAnyOrder(task + "/2", task + "/3");
        assertThat(brokenEvents(verify(supervisor, ""))).containsExactlyInAnyOrder(task + "/2", task + "/3");
    }

    @Test
    void deleting_the_newest_event_is_caught_by_the_digest_that_recorded_it() {
        String task = taskWithProgress(2);
        JsonNode digest = supervisor.post("/api/audit/digests", Map.of()).json();
        Document newest = event(task, 3);
        events().deleteOne(new Document("_id", newest.get("_id")));
        restore.add(() -> events().insertOne(newest));

        JsonNode one = verify(auditor, "?task=" + task);
        assertThat(one.get("verified").asBoolean()).isFalse();
        assertThat(one.get("events").asLong()).isEqualTo(3);
        assertThat(brokenEvents(one)).containsExactly(task + "/3");
        JsonNode broken = one.get("broken").get(0);
        assertThat(broken.get("digest").asText()).isEqualTo(digest.get("number").asLong() + " (" + digest.get("day").asText() + ")");
        assertThat(broken.get("reason").asText()).startsWith("missing");
        assertThat(brokenEvents(verify(auditor, ""))).containsExactly(task + "/3");
    }

    @Test
    void the_export_lists_each_digest_with_the_heads_it_recorded() {
        String task = taskWithProgress(1);
        JsonNode digest = supervisor.post("/api/audit/digests", Map.of()).json();
        String day = digest.get("day").asText();

        Response export = auditor.get("/api/audit/digests?from=" + day + "&to=" + day);
        assertThat(export.status()).as(export.body()).isEqualTo(200);
        JsonNode listed = null;
        for (JsonNode each : export.json().get("digests")) {
            if (each.get("number").asLong() == digest.get("number").asLong()) {
                listed = each;
            }
        }
        assertThat(listed).as(export.body()).isNotNull();
        assertThat(listed.get("hash").asText()).isEqualTo(digest.get("hash").asText()).hasSize(64);
        List<String> heads = new ArrayList<>();
        listed.get("chainHeads").forEach(head -> heads.add(head.get("aggregateId").asText() + "/"
                + head.get("sequence").asLong() + " " + head.get("hash").asText()));
        assertThat(heads).contains(task + "/2 " + event(task, 2).getString("hash"));
    }

    @Test
    void recording_a_digest_is_the_supervisors_and_bad_requests_are_named() {
        assertThat(auditor.post("/api/audit/digests", Map.of()).status()).isEqualTo(403);
        assertThat(deptA.get("/api/audit/verify").status()).isEqualTo(403);
        Response both = auditor.get("/api/audit/verify?task=a&complaint=b");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.body()).contains("complaint");
        assertThat(auditor.get("/api/audit/verify?task=no-such-task").status()).isEqualTo(404);
        Response backwards = auditor.get("/api/audit/digests?from=2026-07-01&to=2026-06-30");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.contentType()).isEqualTo("application/problem+json");
        assertThat(backwards.body()).contains("to");
    }

    /** A task registered (event 0), claimed (1) and reported on {@code reports} times (2 ..). */
    private String taskWithProgress(int reports) {
        String ledger = uniqueLedger("Audit");
        String task = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "村道硬化", "leadDepartment", "DEPT-A",
                "dueDate", today().plusDays(30).toString())).json().get("taskId").asText();
        assertThat(deptA.post("/api/tasks/" + task + "/claim", Map.of()).status()).isEqualTo(200);
        for (int i = 1; i <= reports; i++) {
            Response progress = deptA.post("/api/tasks/" + task + "/progress",
                    Map.of("note", "完成 " + i + " 段", "percentComplete", 10 * i));
            assertThat(progress.status()).as(progress.body()).isEqualTo(200);
        }
        return task;
    }

    private JsonNode verify(dev.closeout.application.support.ApiClient as, String query) {
        Response answer = as.get("/api/audit/verify" + query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static List<String> brokenEvents(JsonNode verification) {
        List<String> named = new ArrayList<>();
        verification.get("broken").forEach(b -> named.add(b.get("aggregateId").asText() + "/" + b.get("sequence").asLong()));
        return named;
    }

    private MongoCollection<Document> events() {
        return database.getCollection("events");
    }

    private Document event(String task, long sequence) {
        Document event = events().find(new Document("aggregateKey", task + "/" + sequence)).first();
        assertThat(event).as(task + "/" + sequence).isNotNull();
        return event;
    }

    private void alter(String task, long sequence, java.util.function.Consumer<Document> change) {
        Document original = event(task, sequence);
        Document altered = new Document(original);
        change.accept(altered);
        events().replaceOne(new Document("_id", original.get("_id")), altered);
        restore.add(() -> events().replaceOne(new Document("_id", original.get("_id")), original));
    }

    private static Document set(String aggregateKey, long sequence) {
        return new Document("$set", new Document("aggregateKey", aggregateKey).append("sequenceNumber", sequence));
    }
}
