package dev.closeout.application.infrastructure.audit;

/** The newest event of an aggregate's chain when a digest was recorded: its sequence number and hash. */
public record ChainHead(String aggregateId, long sequence, String hash) {
}
