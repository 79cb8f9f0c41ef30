package dev.closeout.application.infrastructure.webhook;

import dev.closeout.domain.common.InvalidValueException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignatureTest {

    /** The test vector published with the Standard Webhooks specification. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static StandardWebhooksVerifier verifierAt(long epochSecond) {
        return new StandardWebhooksVerifier(SECRET, Duration.ofMinutes(5),
                Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    @Test
    void signing_reproduces_the_standard_webhooks_test_vector() {
        assertThat(new WebhookSecret(SECRET).sign(ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void the_verifier_accepts_the_test_vector_within_its_tolerance() {
        assertThatCode(() -> verifierAt(TIMESTAMP + 299).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void the_verifier_refuses_a_timestamp_outside_its_tolerance_either_way() {
        assertThatThrownBy(() -> verifierAt(TIMESTAMP + 301).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY))
                .hasMessageContaining("tolerance");
        assertThatThrownBy(() -> verifierAt(TIMESTAMP - 301).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY))
                .hasMessageContaining("tolerance");
    }

    @Test
    void the_verifier_refuses_an_altered_body_id_or_timestamp() {
        StandardWebhooksVerifier verifier = verifierAt(TIMESTAMP);
        byte[] altered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verifier.verify(ID, Long.toString(TIMESTAMP), SIGNATURE, altered))
                .hasMessageContaining("No v1 signature");
        assertThatThrownBy(() -> verifier.verify("msg_other", Long.toString(TIMESTAMP), SIGNATURE, BODY))
                .hasMessageContaining("No v1 signature");
        assertThatThrownBy(() -> verifier.verify(ID, Long.toString(TIMESTAMP + 1), SIGNATURE, BODY))
                .hasMessageContaining("No v1 signature");
    }

    @Test
    void the_verifier_accepts_a_header_where_any_one_of_several_signatures_matches() {
        String rotating = "v1,bm90IHRoZSByaWdodCBzaWduYXR1cmUgYXQgYWxs v1a,ignored " + SIGNATURE;
        assertThatCode(() -> verifierAt(TIMESTAMP).verify(ID, Long.toString(TIMESTAMP), rotating, BODY))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> verifierAt(TIMESTAMP).verify(ID, Long.toString(TIMESTAMP),
                "v1a," + SIGNATURE.substring(3), BODY)).hasMessageContaining("No v1 signature");
    }

    @Test
    void a_generated_secret_has_the_whsec_form_with_32_random_bytes() {
        WebhookSecret one = WebhookSecret.generate();
        assertThat(one.value()).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(one.value().substring(6))).hasSize(32);
        assertThat(WebhookSecret.generate()).isNotEqualTo(one);
    }

    @Test
    void a_secret_without_the_prefix_or_valid_base64_or_enough_bytes_cannot_be_made_and_names_the_secret() {
        for (String bad : new String[] {"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_not base64!", "whsec_c2hvcnQ="}) {
            assertThatThrownBy(() -> new WebhookSecret(bad)).isInstanceOf(InvalidValueException.class)
                    .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("secret");
        }
    }
}
