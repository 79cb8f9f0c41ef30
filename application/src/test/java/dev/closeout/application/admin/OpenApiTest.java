package dev.closeout.application.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiTest extends IntegrationTest {

    @Test
    void the_api_describes_itself_in_openapi() {
        JsonNode spec = anonymous.get("/v3/api-docs").json();
        assertThat(spec.get("openapi").asText()).startsWith("3.");
        assertThat(spec.get("paths").has("/api/tasks")).isTrue();
        assertThat(spec.get("paths").has("/api/tasks/{id}/history")).isTrue();
        assertThat(spec.get("paths").has("/api/ledgers/{ledger}")).isTrue();
        assertThat(spec.get("paths").has("/api/webhooks/{id}/deliveries")).isTrue();
    }
}
