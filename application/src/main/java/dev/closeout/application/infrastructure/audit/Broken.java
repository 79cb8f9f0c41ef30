package dev.closeout.application.infrastructure.audit;

/**
 * What verification found wrong: an event ({@code aggregateId} and {@code sequence}), named by the
 * digest it contradicts where there is one, or a digest itself ({@code digest} alone).
 *
 * @param digest the digest concerned, as {@code number (day)}, e.g. {@code 12 (2026-06-30)}
 */
public record Broken(String aggregateId, Long sequence, String digest, String reason) {

    static Broken event(String aggregateId, long sequence, String reason) {
        return new Broken(aggregateId, sequence, null, reason);
    }
}
