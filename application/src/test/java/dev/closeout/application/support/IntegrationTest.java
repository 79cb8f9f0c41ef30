package dev.closeout.application.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import dev.closeout.application.infrastructure.audit.RecordedReads;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the tests that run the whole application over HTTP against a real MongoDB server
 * ({@link TestMongo}: Testcontainers where Docker exists, the embedded server otherwise). All
 * subclasses share one application context and database, so each test works on ledgers and
 * tasks of its own. The demo users of the embedded profile sign in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("embedded")
@Import({DeliveryAudit.class, TestClock.Config.class, StumblingProjection.Config.class})
public abstract class IntegrationTest {

    private static final String DATABASE = TestMongo.newDatabaseName();

    static {
        SlowExitWatch.install();
    }

    /** The ledgers published on the 公示 public board, each used by one test class only. */
    protected static final String PUBLIC_LEDGER = "公示 Public board test";
    protected static final String PUBLIC_LEDGER_IN_BROWSER = "公示 Public board in a browser";
    protected static final String PUBLIC_LEDGER_IN_STORY = "公示 The closure story";

    @LocalServerPort
    protected int port;

    @Autowired
    protected MongoDatabase database;

    /** The application's clock: a fixed day, not the day the suite runs (see {@link TestClock}). */
    @Autowired
    protected TestClock clock;

    @Autowired
    private RecordedReads recordedReads;

    protected ApiClient supervisor;
    protected ApiClient deptA;
    protected ApiClient deptB;
    protected ApiClient auditor;
    protected ApiClient alerts;
    /** The embedded profile's {@code OPERATOR}: metrics, health details and dead letters, nothing of the ledgers. */
    protected ApiClient operator;
    protected ApiClient anonymous;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> TestMongo.uri(DATABASE));
        // the demo users on a store of test data
        registry.add("closeout.security.demo-users-on-mongodb", () -> "true");
        // Aggregates held between commands, as on the embedded default (one application, one store).
        registry.add("closeout.aggregate-cache.size", () -> "10000");
        // a loaded 2-core runner may keep a view behind for more than the production default of 5 s, after a test that
        // moved the clock by weeks and swept every task in the JVM: tests assert a command's 200 and its view
        registry.add("closeout.api.read-your-writes-timeout", () -> "PT30S");
        // Webhook retries in tenths of a second and a give-up horizon of seconds, so that tests
        // see back-off, parking and timeouts happen; set here so that all tests share one context.
        registry.add("closeout.webhooks.backoff-base", () -> "PT0.1S");
        registry.add("closeout.webhooks.backoff-cap", () -> "PT0.4S");
        registry.add("closeout.webhooks.give-up-after", () -> "PT3S");
        registry.add("closeout.webhooks.poll-interval", () -> "PT0.05S");
        registry.add("closeout.webhooks.connect-timeout", () -> "PT1S");
        // The production request timeout: WebhookDeliveryTest tells a delivery that holds up others by
        // the time it spends waiting out a hanging endpoint, which must stand far above anything a slow
        // machine takes without it.
        registry.add("closeout.webhooks.request-timeout", () -> "PT10S");
        // Test receivers listen on 127.0.0.1; refusing private addresses is WebhookAddressPolicyTest's.
        registry.add("closeout.webhooks.allow-private-networks", () -> "true");
        // Only the sweep at start-up runs by itself; deadline tests call the sweep when they mean to.
        registry.add("closeout.sweep.interval", () -> "PT24H");
        // The ledger gauges read every ledger at start-up only; MetricsAndHealthTest refreshes them when
        // it means to, and no background read falls inside CostModelTest's measurements.
        registry.add("closeout.metrics.ledger-refresh", () -> "PT24H");
        // Yesterday's ledger closes are recorded at start-up only; LedgerAsOfTest reads the days it means to.
        registry.add("closeout.ledger.close-check", () -> "PT24H");
        registry.add("closeout.public.ledgers", () -> String.join(",", PUBLIC_LEDGER, PUBLIC_LEDGER_IN_BROWSER,
                PUBLIC_LEDGER_IN_STORY));
        // The alerts page refreshes every second, so a test sees a new alert arrive without waiting 15 s.
        registry.add("closeout.workspace.alert-refresh", () -> "PT1S");
        // A test's receiver may still hold a request open when the JVM exits; graceful shutdown would
        // wait 30 s for it, longer than Surefire waits for a fork to end.
        registry.add("server.shutdown", () -> "immediate");
        // The tests share the demo names: a hold after one test's deliberate wrong password for dept-a would
        // refuse another test's requests for a second. SignInAttemptsTest checks the slow-down.
        registry.add("closeout.security.lockout.slow-down", () -> "PT0S");
        // Spring Boot's tests export no metrics unless asked; the operators' scrape is under test.
        registry.add("management.prometheus.metrics.export.enabled", () -> "true");
        // Sign-in through an identity provider beside the passwords, so that its tests share this context
        // and every other test runs with both on, as an office with a provider does.
        registry.add("closeout.security.oidc.issuer-uri", () -> TestIdentityProvider.get().issuer());
        registry.add("closeout.security.oidc.audiences", () -> TestIdentityProvider.AUDIENCE);
        registry.add("closeout.security.oidc.client-id", () -> TestIdentityProvider.CLIENT_ID);
        registry.add("closeout.security.oidc.client-secret", () -> "test-secret");
        registry.add("closeout.security.oidc.role-mapping[dcb-clerk]", () -> "DEPARTMENT");
    }

    @BeforeEach
    void clients() {
        supervisor = new ApiClient(port, "supervisor", "supervisor");
        deptA = new ApiClient(port, "dept-a", "dept-a");
        deptB = new ApiClient(port, "dept-b", "dept-b");
        auditor = new ApiClient(port, "auditor", "auditor");
        alerts = new ApiClient(port, "alerts", "alerts");
        operator = new ApiClient(port, "operator", "operator");
        anonymous = new ApiClient(port, null, null);
    }

    /** Today in the office's zone (Asia/Shanghai), by the application's clock. */
    protected LocalDate today() {
        return clock.today();
    }

    /**
     * Number of events in the event store, once the records of complainants' data read so far are in it
     * (they are appended on their own, a moment after the read): a refused command must leave it unchanged.
     * Counted from the collection's size, not by a filter that the embedded server would answer by reading
     * every event.
     */
    protected long storedEvents() {
        Eventually.until(Duration.ofSeconds(30), recordedReads::waiting, waiting -> waiting == 0);
        return database.getCollection("events").estimatedDocumentCount();
    }

    /** The ledger's path, its name percent-encoded as a path segment (Chinese and spaces included). */
    protected static String ledgerPath(String ledger) {
        return "/api/ledgers/" + encoded(ledger);
    }

    protected static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Every alert the query selects, following the cursor from the start: a page looks through a
     * bounded window of the feed, which the whole suite fills.
     */
    protected List<JsonNode> allAlerts(String query) {
        List<JsonNode> all = new ArrayList<>();
        long cursor = 0;
        while (true) {
            ApiClient.Response page = alerts.get(query + "&after=" + cursor);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("alerts").forEach(all::add);
            long next = page.json().get("next").asLong();
            if (next == cursor) {
                return all;
            }
            cursor = next;
        }
    }

    /**
     * Waits until every tracking processor runs, has caught up and is not replaying (after a rebuild): for as long as
     * they move on, and 30 s at most without any of them moving. A rebuild replays every event the test JVM stored, which
     * depends on the classes that ran before in the same fork; a fixed wait was luck on a loaded machine.
     */
    protected void awaitProjectionsCaughtUp() {
        long[] lastMoved = {System.nanoTime()};
        String[] positions = {""};
        JsonNode status = Eventually.until(Duration.ofMinutes(5), () -> supervisor.get("/api/admin/projections").json(),
                processors -> {
                    boolean allCaughtUp = processors.size() > 0;
                    StringBuilder now = new StringBuilder();
                    for (JsonNode processor : processors) {
                        allCaughtUp &= processor.get("running").asBoolean() && processor.get("caughtUp").asBoolean()
                                && !processor.get("replaying").asBoolean();
                        now.append(processor.get("name").asText()).append('=').append(processor.get("position"))
                                .append(';');
                    }
                    if (!now.toString().equals(positions[0])) {
                        positions[0] = now.toString();
                        lastMoved[0] = System.nanoTime();
                    }
                    // stalled: give up, and the assertion below says where each processor stands
                    return allCaughtUp || System.nanoTime() - lastMoved[0] > Duration.ofSeconds(30).toNanos();
                });
        for (JsonNode processor : status) {
            assertThat(processor.get("caughtUp").asBoolean() && !processor.get("replaying").asBoolean())
                    .as("read models caught up: %s", status).isTrue();
        }
    }

    protected static String uniqueLedger(String name) {
        return name + " " + TestMongo.newDatabaseName().substring(2, 10);
    }
}
