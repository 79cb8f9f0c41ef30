package dev.closeout.application.infrastructure.audit;

import java.time.Instant;
import java.util.List;

/**
 * The answer of a verification: whether the chains and digests hold, how many events were checked,
 * when the store was sealed (events stored before that were hashed then, not when they were
 * written; absent for a store chained from its first event) and what is broken, at most
 * {@link ChainVerifier#MAX_REPORTED} findings.
 */
public record Verification(boolean verified, long events, Instant sealedAt, List<Broken> broken) {
}
