package dev.closeout.application.infrastructure.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The subscription API: what it answers, whom it lets in, and how it names bad input. */
class WebhookApiTest extends IntegrationTest {

    /** Nothing listens on the discard port; these subscriptions never receive an alert anyway. */
    private static final String URL = "http://127.0.0.1:9/hook";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void deleteSubscriptions() {
        created.forEach(id -> supervisor.delete("/api/webhooks/" + id));
    }

    private ApiClient.Response create(ApiClient client, Map<String, Object> body) {
        ApiClient.Response response = client.post("/api/webhooks", body);
        if (response.status() == 201) {
            created.add(response.json().get("id").asText());
        }
        return response;
    }

    private static void assertBadRequestNaming(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("field").asText()).isEqualTo(field);
    }

    @Test
    void a_subscription_gets_a_generated_secret_shown_only_in_the_answer_that_created_it() {
        ApiClient.Response response = create(alerts, Map.of("url", URL, "types", List.of("OVERDUE", "ESCALATED"),
                "departments", List.of("DEPT-A")));
        assertThat(response.status()).isEqualTo(201);
        JsonNode subscription = response.json();
        String id = subscription.get("id").asText();
        assertThat(response.header("Location")).endsWith("/api/webhooks/" + id);
        assertThat(subscription.get("url").asText()).isEqualTo(URL);
        assertThat(subscription.get("types")).extracting(JsonNode::asText).containsExactly("OVERDUE", "ESCALATED");
        assertThat(subscription.get("departments")).extracting(JsonNode::asText).containsExactly("DEPT-A");
        assertThat(subscription.get("createdAt").asText()).isNotBlank();
        String secret = subscription.get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSizeGreaterThanOrEqualTo(24);

        JsonNode read = alerts.get("/api/webhooks/" + id).json();
        assertThat(read.get("url").asText()).isEqualTo(URL);
        assertThat(read.has("secret")).isFalse();
        JsonNode listed = alerts.get("/api/webhooks").json();
        assertThat(listed).anySatisfy(s -> assertThat(s.get("id").asText()).isEqualTo(id));
        assertThat(listed).allSatisfy(s -> assertThat(s.has("secret")).isFalse());
    }

    /**
     * An IM gateway's token in the address (its query, or its path past the first segment) is a secret too: shown only
     * to the answer that created it.
     */
    @Test
    void the_addresss_query_and_deeper_path_are_shown_only_in_the_answer_that_created_it() {
        String withToken = URL + "?access_token=TOKEN-42&chat=9";
        ApiClient.Response response = create(alerts, Map.of("url", withToken));
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("url").asText()).isEqualTo(withToken);
        String id = response.json().get("id").asText();

        assertThat(alerts.get("/api/webhooks/" + id).json().get("url").asText()).isEqualTo(URL + "?…");
        assertThat(auditor.get("/api/webhooks").body()).contains(id).doesNotContain("TOKEN-42");
        String inPath = "http://127.0.0.1:9/open-apis/bot/v2/hook/TOKEN-43";
        String pathId = create(alerts, Map.of("url", inPath)).json().get("id").asText();
        assertThat(alerts.get("/api/webhooks/" + pathId).json().get("url").asText())
                .isEqualTo("http://127.0.0.1:9/open-apis/…");
    }

    @Test
    void a_given_secret_in_the_whsec_form_is_kept() {
        ApiClient.Response response = create(supervisor, Map.of("url", URL, "secret", SECRET));
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("secret").asText()).isEqualTo(SECRET);
    }

    @Test
    void a_secret_not_in_the_whsec_form_or_not_base64_or_too_short_is_refused_naming_the_secret() {
        for (String secret : List.of("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_not base64!", "whsec_c2hvcnQ=")) {
            assertBadRequestNaming(create(supervisor, Map.of("url", URL, "secret", secret)), "secret");
        }
    }

    @Test
    void a_missing_relative_or_non_http_url_is_refused_naming_the_url() {
        assertBadRequestNaming(create(supervisor, Map.of()), "url");
        for (String url : List.of("/hook", "ftp://example.org/hook", "http://", "not a url", "mailto:ops@example.org")) {
            assertBadRequestNaming(create(supervisor, Map.of("url", url)), "url");
        }
    }

    @Test
    void a_url_with_a_user_name_or_password_is_refused_naming_the_url_so_no_credential_is_stored_or_logged() {
        for (String url : List.of("https://user:pass@127.0.0.1:9/hook", "http://user@127.0.0.1:9/hook")) {
            ApiClient.Response response = create(alerts, Map.of("url", url));
            assertBadRequestNaming(response, "url");
            assertThat(response.json().get("detail").asText()).contains("user name or password");
        }
    }

    @Test
    void an_unknown_alert_type_or_a_blank_department_is_refused_naming_the_field() {
        assertBadRequestNaming(create(supervisor, Map.of("url", URL, "types", List.of("PURPLE"))), "types");
        Map<String, Object> blank = new HashMap<>(Map.of("url", URL, "departments", List.of(" ")));
        assertBadRequestNaming(create(supervisor, blank), "departments");
    }

    @Test
    void departments_may_not_use_webhooks_and_anonymous_callers_must_sign_in() {
        assertThat(create(deptA, Map.of("url", URL)).status()).isEqualTo(403);
        assertThat(deptA.get("/api/webhooks").status()).isEqualTo(403);
        assertThat(anonymous.get("/api/webhooks").status()).isEqualTo(401);
        assertThat(create(auditor, Map.of("url", URL)).status()).isEqualTo(403);
        assertThat(auditor.get("/api/webhooks").status()).isEqualTo(200);
    }

    @Test
    void an_alert_consumer_sees_and_deletes_only_its_own_subscriptions_while_a_supervisor_sees_all() {
        String supervisors = create(supervisor, Map.of("url", URL)).json().get("id").asText();
        String consumers = create(alerts, Map.of("url", URL)).json().get("id").asText();

        assertThat(alerts.get("/api/webhooks/" + supervisors).status()).isEqualTo(404);
        assertThat(alerts.delete("/api/webhooks/" + supervisors).status()).isEqualTo(404);
        assertThat(alerts.get("/api/webhooks").json()).noneSatisfy(
                s -> assertThat(s.get("id").asText()).isEqualTo(supervisors));
        assertThat(supervisor.get("/api/webhooks").json()).extracting(s -> s.get("id").asText())
                .contains(supervisors, consumers);
        assertThat(supervisor.get("/api/webhooks/" + consumers).json().get("owner").asText()).isEqualTo("alerts");

        assertThat(alerts.delete("/api/webhooks/" + consumers).status()).isEqualTo(204);
        assertThat(alerts.get("/api/webhooks/" + consumers).status()).isEqualTo(404);
    }

    @Test
    void a_user_with_the_most_subscriptions_allowed_is_refused_another_with_409_naming_the_limit() {
        int limit = 20;
        long owned = supervisor.get("/api/webhooks").json().findValuesAsText("owner").stream()
                .filter("supervisor"::equals).count();
        assertThat(owned).as("subscriptions the supervisor has from other tests").isLessThan(limit);
        for (long i = owned; i < limit; i++) {
            assertThat(create(supervisor, Map.of("url", URL)).status()).isEqualTo(201);
        }

        ApiClient.Response refused = create(supervisor, Map.of("url", URL));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.json().get("detail").asText())
                .contains("20", "closeout.webhooks.max-subscriptions-per-user");
        // the limit is each user's own
        assertThat(create(alerts, Map.of("url", URL)).status()).isEqualTo(201);

        assertThat(supervisor.delete("/api/webhooks/" + created.get(0)).status()).isEqualTo(204);
        assertThat(create(supervisor, Map.of("url", URL)).status()).isEqualTo(201);
    }

    @Test
    void an_unknown_subscription_or_delivery_is_not_found() {
        String id = create(supervisor, Map.of("url", URL)).json().get("id").asText();
        assertThat(supervisor.get("/api/webhooks/no-such-webhook").status()).isEqualTo(404);
        assertThat(supervisor.delete("/api/webhooks/no-such-webhook").status()).isEqualTo(404);
        assertThat(supervisor.get("/api/webhooks/no-such-webhook/deliveries").status()).isEqualTo(404);
        assertThat(supervisor.post("/api/webhooks/no-such-webhook/deliveries/no-such-webhook:1/retry").status())
                .isEqualTo(404);
        ApiClient.Response delivery = supervisor.post("/api/webhooks/" + id + "/deliveries/" + id + ":999999/retry");
        assertThat(delivery.status()).isEqualTo(404);
        assertThat(delivery.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void a_new_subscription_has_no_deliveries_and_a_bad_status_filter_is_refused_naming_it() {
        String id = create(alerts, Map.of("url", URL)).json().get("id").asText();
        JsonNode page = alerts.get("/api/webhooks/" + id + "/deliveries?status=PARKED").json();
        assertThat(page.get("deliveries")).isEmpty();
        assertBadRequestNaming(alerts.get("/api/webhooks/" + id + "/deliveries?status=LOST"), "status");
        assertBadRequestNaming(alerts.get("/api/webhooks/" + id + "/deliveries?limit=0"), "limit");
    }
}
