package dev.closeout.application.infrastructure.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last event seen of the aggregates met most recently while walking the global log, so that
 * the predecessor of most events is known without a read; bounded, whatever the number of aggregates.
 */
final class RecentHeads extends LinkedHashMap<String, RecentHeads.Seen> {

    private static final int CAPACITY = 50_000;

    /** An event seen: its sequence number, its stored hash, and whether that hash matches its content. */
    record Seen(long sequence, String hash, boolean intact) {
    }

    RecentHeads() {
        super(1024, 0.75f, true);
    }

    /** Event {@code sequence} of the aggregate if it is the one remembered, else null. */
    Seen seen(String aggregateId, long sequence) {
        Seen seen = get(aggregateId);
        return seen != null && seen.sequence() == sequence ? seen : null;
    }

    /** The hash of event {@code sequence} of the aggregate if it is the one remembered, else null. */
    String hashOf(String aggregateId, long sequence) {
        Seen seen = seen(aggregateId, sequence);
        return seen == null ? null : seen.hash();
    }

    void remember(String aggregateId, long sequence, String hash, boolean intact) {
        put(aggregateId, new Seen(sequence, hash, intact));
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
        return size() > CAPACITY;
    }
}
