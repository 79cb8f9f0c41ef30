package dev.closeout.application.infrastructure.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Deliveries end to end: escalations raise alerts, and reports announce themselves, which reach real HTTP endpoints. */
class WebhookDeliveryTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<WebhookReceiver> receivers = new ArrayList<>();
    private final List<String> subscriptions = new ArrayList<>();

    @AfterEach
    void stopDeliveries() {
        subscriptions.forEach(id -> supervisor.delete("/api/webhooks/" + id));
        receivers.forEach(WebhookReceiver::close);
        clock.reset();
    }

    private WebhookReceiver receiver() {
        WebhookReceiver receiver = new WebhookReceiver();
        receivers.add(receiver);
        return receiver;
    }

    private JsonNode subscribe(WebhookReceiver receiver) {
        ApiClient.Response created = alerts.post("/api/webhooks", Map.of("url", receiver.url()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        subscriptions.add(created.json().get("id").asText());
        return created.json();
    }

    private String escalatedTask(String ledger) {
        String id = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "任务", "leadDepartment", "DEPT-A",
                "dueDate", today().minusDays(2).toString())).json().get("taskId").asText();
        assertThat(supervisor.post("/api/tasks/" + id + "/escalate", Map.of("level", "催办", "reason", "逾期"))
                .status()).isEqualTo(200);
        return id;
    }

    private static CloudEvent cloudEvent(WebhookReceiver.Request request) {
        return EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE).deserialize(request.body());
    }

    private static String subjectOf(WebhookReceiver.Request request) {
        return cloudEvent(request).getSubject();
    }

    /** The requests that carried an alert about one of these tasks (other tests' alerts may pass by). */
    private static List<WebhookReceiver.Request> about(List<WebhookReceiver.Request> requests, Set<String> tasks) {
        return requests.stream().filter(r -> tasks.stream().anyMatch(t -> subjectOf(r).equals("TASK/" + t))).toList();
    }

    private static void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private Map<String, JsonNode> feedAlerts(String ledger) {
        Map<String, JsonNode> byId = new HashMap<>();
        allAlerts("/api/alerts?limit=500&ledger=" + encoded(ledger)).forEach(a -> byId.put(a.get("alertId").asText(), a));
        return byId;
    }

    private List<JsonNode> deliveries(String subscription, String status) {
        List<JsonNode> all = new ArrayList<>();
        supervisor.get("/api/webhooks/" + subscription + "/deliveries?limit=500" + (status == null ? "" : "&status=" + status))
                .json().get("deliveries").forEach(all::add);
        return all;
    }

    /** Attempts of the subscription's pending deliveries that timed out so far. */
    private int timedOut(String subscription) {
        return deliveries(subscription, "PENDING").stream()
                .filter(d -> d.path("lastError").asText().contains("HttpTimeoutException"))
                .mapToInt(d -> d.path("attempts").asInt()).sum();
    }

    @Test
    void every_alert_reaches_an_endpoint_that_refuses_at_first_signed_and_as_a_cloud_event() throws Exception {
        // One refusal: a delivery is parked only by a failure at least the give-up horizon (3 s) after its
        // first attempt, so a refused first attempt never parks it, however slow the machine; more refusals
        // could fall on one delivery's retries and park it if the machine stalled for those 3 s.
        WebhookReceiver receiver = receiver().refusingFirst(1);
        // Alerts of earlier tests still on their way to the feed would take that refusal from this test's.
        awaitProjectionsCaughtUp();
        JsonNode subscription = subscribe(receiver);
        String ledger = uniqueLedger("推送台账");
        Set<String> tasks = new LinkedHashSet<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(escalatedTask(ledger));
        }

        await(Duration.ofSeconds(30), () -> about(receiver.accepted(), tasks).stream()
                .map(WebhookReceiver.Request::id).distinct().count() == tasks.size(), "every alert is accepted");

        StandardWebhooksVerifier verifier = new StandardWebhooksVerifier(subscription.get("secret").asText(),
                Duration.ofMinutes(5), Clock.systemUTC());
        List<WebhookReceiver.Request> requests = about(receiver.requests(), tasks);
        Map<String, JsonNode> feed = feedAlerts(ledger);
        for (WebhookReceiver.Request request : requests) {
            verifier.verify(request.id(), request.timestamp(), request.signature(), request.body());
            assertThat(request.contentType()).isEqualTo("application/cloudevents+json");
            CloudEvent event = cloudEvent(request);
            assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
            assertThat(event.getId()).isEqualTo(request.id());
            assertThat(event.getType()).isEqualTo("dev.closeout.alert.escalated");
            assertThat(event.getSource()).hasToString("/closeout/alerts");
            assertThat(event.getDataContentType()).isEqualTo("application/json");
            JsonNode data = JSON.readTree(event.getData().toBytes());
            assertThat(data).isEqualTo(feed.get(request.id()));
            assertThat(event.getTime().toInstant()).isEqualTo(data.get("raisedAt").asText());
        }
        Map<String, List<WebhookReceiver.Request>> attemptsPerAlert = requests.stream()
                .collect(Collectors.groupingBy(WebhookReceiver.Request::id));
        assertThat(attemptsPerAlert.keySet()).containsExactlyInAnyOrderElementsOf(feed.keySet());
        assertThat(attemptsPerAlert.values()).anySatisfy(attempts -> assertThat(attempts).hasSizeGreaterThan(1));
        attemptsPerAlert.values().forEach(attempts -> assertThat(attempts)
                .extracting(r -> new String(r.body(), StandardCharsets.UTF_8)).containsOnly(
                        new String(attempts.get(0).body(), StandardCharsets.UTF_8)));

        String id = subscription.get("id").asText();
        await(Duration.ofSeconds(30), () -> deliveries(id, "DELIVERED").size() >= tasks.size(), "all are recorded");
        for (JsonNode delivery : deliveries(id, "DELIVERED")) {
            List<WebhookReceiver.Request> attempts = attemptsPerAlert.get(delivery.get("alertId").asText());
            assertThat(delivery.get("attempts").asInt()).isEqualTo(attempts.size());
            assertThat(delivery.get("deliveredAt").asText()).isNotBlank();
            assertThat(delivery.get("id").asText()).isEqualTo(id + ":" + delivery.get("sequence").asLong());
        }
    }

    @Test
    void a_report_generated_twice_is_delivered_once_with_its_download_paths() throws Exception {
        WebhookReceiver receiver = receiver();
        ApiClient.Response created = alerts.post("/api/webhooks", Map.of("url", receiver.url(), "types", List.of("REPORT")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        subscriptions.add(created.json().get("id").asText());
        String ledger = uniqueLedger("报告推送");
        String later = uniqueLedger("报告推送之后");
        for (String name : List.of(ledger, later)) {
            assertThat(supervisor.post("/api/tasks", Map.of("ledger", name, "title", "任务", "leadDepartment", "DEPT-A",
                    "dueDate", today().plusDays(30).toString())).status()).isEqualTo(201);
            Eventually.until(Duration.ofSeconds(30), () -> supervisor.get(ledgerPath(name)).status(), status -> status == 200);
        }
        clock.advance(Duration.ofDays(7));

        Map<String, String> weekly = Map.of("ledger", ledger, "kind", "WEEKLY", "period", "2026-W11");
        JsonNode report = supervisor.post("/api/reports", weekly).json();
        assertThat(supervisor.post("/api/reports", weekly).json().get("contentHash")).isEqualTo(report.get("contentHash"));
        // announced after the twice-generated one: once it arrives, a second announcement would have arrived before it
        String laterId = supervisor.post("/api/reports", Map.of("ledger", later, "kind", "WEEKLY", "period", "2026-W11"))
                .json().get("id").asText();
        await(Duration.ofSeconds(60), () -> receiver.accepted().stream().anyMatch(r -> subjectOf(r).equals("REPORT/" + laterId)),
                "the later report is delivered");

        List<WebhookReceiver.Request> delivered = receiver.accepted().stream()
                .filter(r -> subjectOf(r).equals("REPORT/" + report.get("id").asText())).toList();
        assertThat(delivered).hasSize(1);
        CloudEvent event = cloudEvent(delivered.get(0));
        assertThat(event.getType()).isEqualTo("dev.closeout.alert.report");
        JsonNode data = JSON.readTree(event.getData().toBytes());
        assertThat(data.get("reason").asText()).isEqualTo("WEEKLY");
        assertThat(data.get("ledger").asText()).isEqualTo(ledger);
        assertThat(data.get("report").get("period").asText()).isEqualTo("2026-W11");
        assertThat(data.get("report").get("contentHash")).isEqualTo(report.get("contentHash"));
        assertThat(auditor.getBytes(data.get("report").get("xlsx").asText()).status()).isEqualTo(200);
    }

    @Test
    void a_hanging_endpoint_delays_neither_another_subscriber_nor_command_handling() throws Exception {
        // hangs well past the request timeout (10 s, IntegrationTest), so that every attempt waits it out
        WebhookReceiver dead = receiver().hangingFor(Duration.ofSeconds(30));
        WebhookReceiver healthy = receiver();
        String deadId = subscribe(dead).get("id").asText();
        subscribe(healthy);
        String ledger = uniqueLedger("挂起台账");
        Set<String> tasks = new LinkedHashSet<>();
        for (int i = 0; i < 5; i++) {
            tasks.add(escalatedTask(ledger));
        }
        // Commands that waited for delivery attempts would each wait out the hanging endpoint's request timeout
        // (10 s): the fifth would return only after four attempts had timed out. Counted, not timed: a slow
        // machine makes both sides slower alike.
        assertThat(timedOut(deadId)).as("attempts timed out when the last command returned").isLessThan(4);

        // A healthy subscriber queued behind the hanging one would have its fifth alert only once the hanging
        // endpoint had timed out on the first four; on its own it has them long before.
        await(Duration.ofSeconds(60), () -> about(healthy.accepted(), tasks).size() == tasks.size(),
                "the healthy subscriber has every alert");
        assertThat(timedOut(deadId)).as("attempts timed out when the healthy subscriber had every alert")
                .isLessThan(4);
        await(Duration.ofSeconds(30), () -> deliveries(deadId, "PENDING").stream()
                .anyMatch(d -> d.path("lastError").asText().contains("HttpTimeoutException")),
                "the hanging endpoint's attempts time out");
    }

    @Test
    void a_delivery_failing_past_the_horizon_is_parked_until_a_supervisor_retries_it() throws Exception {
        WebhookReceiver receiver = receiver().answering(500);
        // subscribed from the feed's head: alerts of the classes before this one, still being projected, would be
        // delivered (and parked) too
        awaitProjectionsCaughtUp();
        String id = subscribe(receiver).get("id").asText();
        String task = escalatedTask(uniqueLedger("搁置台账"));

        await(Duration.ofSeconds(30), () -> !deliveries(id, "PARKED").isEmpty(), "the delivery is parked");
        JsonNode parked = deliveries(id, "PARKED").get(0);
        // parked by a failure at least the horizon after the first: tried again at least once, however slow the machine
        assertThat(parked.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(parked.get("lastError").asText()).isEqualTo("HTTP 500");
        assertThat(parked.has("nextAttemptAt")).isFalse();
        int attemptsWhenParked = receiver.requests().size();
        Thread.sleep(500);
        assertThat(receiver.requests()).as("a parked delivery is not tried again").hasSize(attemptsWhenParked);

        receiver.answering(200);
        String retry = "/api/webhooks/" + id + "/deliveries/" + parked.get("id").asText() + "/retry";
        assertThat(alerts.post(retry).status()).isEqualTo(403);
        ApiClient.Response retried = supervisor.post(retry);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.json().get("status").asText()).isEqualTo("PENDING");
        assertThat(retried.json().get("attempts").asInt()).isZero();

        await(Duration.ofSeconds(30), () -> !deliveries(id, "DELIVERED").isEmpty(), "the retried delivery arrives");
        JsonNode delivered = deliveries(id, "DELIVERED").get(0);
        assertThat(delivered.get("attempts").asInt()).isEqualTo(1);
        assertThat(subjectOf(receiver.accepted().get(0))).isEqualTo("TASK/" + task);
        assertThat(receiver.accepted().get(0).id()).isEqualTo(parked.get("alertId").asText());
        assertThat(supervisor.post(retry).status()).as("only a parked delivery can be retried").isEqualTo(409);
    }
}
