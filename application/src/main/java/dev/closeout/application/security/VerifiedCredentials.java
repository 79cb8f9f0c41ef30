package dev.closeout.application.security;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The passwords that passed their BCrypt check lately, so that a script or an alert consumer
 * calling with HTTP Basic pays the deliberately slow check once per {@code ttl}, not on every
 * request. Kept per user name as an HMAC-SHA256 of the password under a key made at start-up and
 * never stored: the process's memory holds no password and no hash that outlives it. Only a
 * password that matched is remembered, so a wrong one always takes the full check, and a name
 * nobody has is never remembered at all.
 */
final class VerifiedCredentials {

    private record Verified(byte[] mac, long until) {
    }

    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final SecretKeySpec key;
    private final Map<String, Verified> byName = new ConcurrentHashMap<>();

    VerifiedCredentials(Duration ttl, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** Remembers nothing: every request takes the full check. */
    static VerifiedCredentials none() {
        return new VerifiedCredentials(Duration.ZERO, System::nanoTime);
    }

    /** Whether {@code password} is the one that passed its check for {@code name} within the last {@code ttl}. */
    boolean holds(String name, String password) {
        Verified verified = byName.get(name);
        if (verified == null) {
            return false;
        }
        if (nanoTime.getAsLong() - verified.until() > 0) {
            byName.remove(name, verified);
            return false;
        }
        return MessageDigest.isEqual(verified.mac(), mac(password));
    }

    /** Records that {@code password} has just passed the full check for {@code name}. */
    void passed(String name, String password) {
        if (ttlNanos > 0) {
            byName.put(name, new Verified(mac(password), nanoTime.getAsLong() + ttlNanos));
        }
    }

    /** Forgets the password that passed for {@code name}: it was changed, or the user disabled. */
    void forget(String name) {
        byName.remove(name);
    }

    private byte[] mac(String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
