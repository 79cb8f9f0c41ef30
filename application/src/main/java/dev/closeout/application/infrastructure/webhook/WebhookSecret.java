package dev.closeout.application.infrastructure.webhook;

import dev.closeout.domain.common.InvalidValueException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A subscription's signing secret in the Standard Webhooks form: {@code whsec_} followed by the
 * base64 of the key. The specification recommends keys of 24 to 64 bytes; a shorter one would be
 * guessable, so it cannot be constructed.
 */
record WebhookSecret(String value) {

    static final String PREFIX = "whsec_";
    private static final int GENERATED_BYTES = 32;
    private static final int MIN_BYTES = 24;
    private static final int MAX_BYTES = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    WebhookSecret {
        if (value == null || !value.startsWith(PREFIX)) {
            throw new InvalidValueException("secret", "must start with " + PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("secret", "must be " + PREFIX + " followed by standard base64");
        }
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            throw new InvalidValueException("secret",
                    "must encode between " + MIN_BYTES + " and " + MAX_BYTES + " bytes, not " + key.length);
        }
    }

    static WebhookSecret generate() {
        byte[] key = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(key);
        return new WebhookSecret(PREFIX + Base64.getEncoder().encodeToString(key));
    }

    /**
     * The {@code webhook-signature} header for one attempt: {@code v1,} and the base64 HMAC-SHA256
     * of {@code id.timestamp.body}. The timestamp is part of what is signed, so every attempt is
     * signed afresh.
     */
    String sign(String webhookId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(value.substring(PREFIX.length())), "HmacSHA256"));
            mac.update((webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return PREFIX + "…";
    }
}
