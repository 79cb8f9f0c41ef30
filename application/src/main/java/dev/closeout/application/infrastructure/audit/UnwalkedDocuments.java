package dev.closeout.application.infrastructure.audit;

import dev.closeout.application.infrastructure.eventstore.EventChain;
import org.bson.Document;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The documents of the event store that a walk of the global indexes {@code lowest .. highest} did not meet,
 * judged as the walk judges events. The walk reads exact keys, so it cannot see a document stored under an
 * {@code _id} below the lowest index, above every index handed out or that is no index at all: an event edited
 * and put back under {@code -1}, say, its original deleted. Those are named as stored outside the indexes
 * handed out, and for whatever else is wrong with them; events appended while the walk went on are judged too.
 * <p>
 * Found by one read of every {@code _id} (the keys alone), against the indexes the walk met, kept as one bit
 * each; then read by exact {@code _id} in batches, their predecessors by exact aggregate key.
 */
final class UnwalkedDocuments {

    private static final int BATCH = 1_000;

    private final EventChain chain;
    private final long lowest;
    private final long highest;
    private final BitSet walked = new BitSet();

    UnwalkedDocuments(EventChain chain, long lowest, long highest) {
        this.chain = chain;
        this.lowest = lowest;
        this.highest = highest;
    }

    /** The walk met this event, stored at a global index within its range. */
    void walked(Document event) {
        walked.set(Math.toIntExact(EventChain.globalIndex(event) - lowest));
    }

    /** Judges every document stored that the walk did not meet; answers how many events were among them. */
    long judge(Findings findings) {
        long[] events = {0};
        List<Object> ids = new ArrayList<>(BATCH);
        chain.eachStoredId(id -> {
            if (!walked(id)) {
                ids.add(id);
                if (ids.size() == BATCH) {
                    events[0] += judge(ids, findings);
                    ids.clear();
                }
            }
        });
        if (!ids.isEmpty()) {
            events[0] += judge(ids, findings);
        }
        return events[0];
    }

    private boolean walked(Object id) {
        Long index = index(id);
        return index != null && index >= lowest && index <= highest && walked.get(Math.toIntExact(index - lowest));
    }

    private long judge(List<Object> ids, Findings findings) {
        List<Document> stored = chain.storedById(ids);
        // read after the ids were: an event appended since the walk began was handed an index at most this
        long handedOut = chain.highestAllocatedIndex();
        Set<String> keys = new LinkedHashSet<>();
        for (Document document : stored) {
            if (EventChain.isEvent(document) && EventChain.sequenceOf(document) > 0) {
                keys.add(EventChain.key(EventChain.aggregateOf(document), EventChain.sequenceOf(document) - 1));
            }
        }
        Map<String, Document> predecessors = keys.isEmpty() ? Map.of() : chain.storedByKey(keys);
        long events = 0;
        for (Document document : stored) {
            Object id = document.get("_id");
            if (!EventChain.isEvent(document)) {
                findings.add(new Broken(null, null, null, "a document that is not an event is stored under _id " + id));
                continue;
            }
            String aggregate = EventChain.aggregateOf(document);
            long sequence = EventChain.sequenceOf(document);
            EventCheck.check(document, sequence > 0
                    ? EventCheck.predecessor(predecessors.get(EventChain.key(aggregate, sequence - 1)), findings)
                    : null, findings);
            Long index = index(id);
            if (index == null || index < lowest || index > handedOut) {
                findings.add(Broken.event(aggregate, sequence, "stored under _id " + id + ", not a global index handed out"));
            }
            events++;
        }
        return events;
    }

    /** The global index an {@code _id} stands for: a whole number (the engine stores a long); null for any other. */
    private static Long index(Object id) {
        if (id instanceof Long || id instanceof Integer) {
            return ((Number) id).longValue();
        }
        if (id instanceof Number number) {
            double value = number.doubleValue();
            return value == Math.rint(value) && Math.abs(value) < 0x1p53 ? number.longValue() : null;
        }
        return null;
    }
}
