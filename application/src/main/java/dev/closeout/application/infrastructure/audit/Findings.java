package dev.closeout.application.infrastructure.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a verification found, in the order found: the first finding about each event, or about each digest and
 * reason, only; at most {@link ChainVerifier#MAX_REPORTED}.
 */
final class Findings {

    private final Map<String, Broken> broken = new LinkedHashMap<>();

    void add(Broken finding) {
        String about = finding.aggregateId() != null
                ? finding.aggregateId() + "/" + finding.sequence()
                : finding.digest() + " " + finding.reason();
        if (broken.size() < ChainVerifier.MAX_REPORTED) {
            broken.putIfAbsent(about, finding);
        }
    }

    Verification verification(long events, Instant sealedAt) {
        return new Verification(broken.isEmpty(), events, sealedAt, List.copyOf(broken.values()));
    }
}
