package dev.closeout.application.infrastructure.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * A receiver's check of a delivery, written from the Standard Webhooks specification rather than
 * from our signer, so that tests prove deliveries verify the way a subscriber verifies them: the
 * timestamp must lie within the tolerance of now (replays are refused), and any one of the
 * space-separated {@code v1,} signatures must match, compared in constant time.
 */
final class StandardWebhooksVerifier {

    static final class VerificationException extends Exception {
        VerificationException(String message) {
            super(message);
        }
    }

    private final byte[] key;
    private final Duration tolerance;
    private final Clock clock;

    StandardWebhooksVerifier(String secret, Duration tolerance, Clock clock) {
        this.key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    void verify(String id, String timestamp, String signatures, byte[] body) throws VerificationException {
        if (id == null || timestamp == null || signatures == null) {
            throw new VerificationException("Missing webhook-id, webhook-timestamp or webhook-signature");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new VerificationException("Unreadable webhook-timestamp " + timestamp);
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > tolerance.toSeconds()) {
            throw new VerificationException("webhook-timestamp " + timestamp + " is outside the tolerance");
        }
        byte[] expected = hmac(id + "." + timestamp + ".", body);
        for (String signature : signatures.split(" ")) {
            int comma = signature.indexOf(',');
            if (comma < 0 || !signature.substring(0, comma).equals("v1")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(signature.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return;
            }
        }
        throw new VerificationException("No v1 signature matches");
    }

    private byte[] hmac(String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
