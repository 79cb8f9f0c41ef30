package dev.closeout.application.infrastructure.audit;

import dev.closeout.application.infrastructure.eventstore.ChainHash;
import dev.closeout.application.infrastructure.eventstore.EventChain;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recomputes the hash chains and checks them against the digests.
 * <ul>
 * <li>Every event's hash must equal its content chained to the hash it was chained to, and that
 * must be the stored hash of its predecessor: an edited field names that event; events whose
 * sequence numbers were swapped are both named; an event missing from the middle of a chain, or
 * replaced by another, is named.</li>
 * <li>Every head a digest recorded must still be stored with the recorded hash: deleting or
 * rewriting the newest events of an aggregate names the event the digest recorded.</li>
 * <li>Every digest must match its pages and fields, and name the previous digest's hash.</li>
 * </ul>
 * The whole store is walked by global index in batches read by exact key, with a bounded memory of
 * recently seen aggregates; then every document the walk did not meet, found by one read of the
 * {@code _id}s, is judged as well ({@link UnwalkedDocuments}), so that an event moved where the walk
 * does not look is named too. One item's chain is read by its aggregate keys; its newest head is checked
 * against {@code audit_heads}, an index no hash covers, so only {@link #verifyAll} is conclusive
 * about an item's newest events (docs/audit.md).
 */
public class ChainVerifier {

    /** Findings reported at most; a store broken everywhere is as well told by its first thousand. */
    public static final int MAX_REPORTED = 1_000;

    private static final int BATCH = 1_000;
    private static final int AGGREGATE_BATCH = 100;

    private final EventChain chain;
    private final Digests digests;
    private final ChainSeal seal;

    public ChainVerifier(EventChain chain, Digests digests, ChainSeal seal) {
        this.chain = chain;
        this.digests = digests;
        this.seal = seal;
    }

    /** Verifies every event stored and every digest. */
    public Verification verifyAll() {
        Findings findings = new Findings();
        long events = 0;
        long lowest = chain.lowestGlobalIndex();
        long highest = chain.highestAllocatedIndex();
        UnwalkedDocuments unwalked = new UnwalkedDocuments(chain, lowest, highest);
        RecentHeads recent = new RecentHeads();
        for (long start = lowest; start <= highest; start += BATCH) {
            List<Document> batch = chain.storedBetween(start, Math.min(highest + 1, start + BATCH));
            Set<String> unknown = new LinkedHashSet<>();
            Map<String, Long> inBatch = new HashMap<>();
            for (Document event : batch) {
                unwalked.walked(event);
                if (!EventChain.isEvent(event)) {
                    continue;
                }
                String aggregate = EventChain.aggregateOf(event);
                long sequence = EventChain.sequenceOf(event);
                Long before = inBatch.put(aggregate, sequence);
                boolean known = before != null ? before == sequence - 1 : recent.seen(aggregate, sequence - 1) != null;
                if (sequence > 0 && !known) {
                    unknown.add(EventChain.key(aggregate, sequence - 1));
                }
            }
            Map<String, Document> predecessors = unknown.isEmpty() ? Map.of() : chain.storedByKey(unknown);
            for (Document event : batch) {
                if (!EventChain.isEvent(event)) {
                    findings.add(new Broken(null, null, null,
                            "a document that is not an event is stored under _id " + event.get("_id")));
                    continue;
                }
                String aggregate = EventChain.aggregateOf(event);
                long sequence = EventChain.sequenceOf(event);
                RecentHeads.Seen predecessor = recent.seen(aggregate, sequence - 1);
                if (predecessor == null && sequence > 0) {
                    predecessor = EventCheck.predecessor(predecessors.get(EventChain.key(aggregate, sequence - 1)), findings);
                }
                recent.remember(aggregate, sequence, storedHash(event), EventCheck.check(event, predecessor, findings));
                events++;
            }
        }
        events += unwalked.judge(findings);
        checkDigests(findings);
        return findings.verification(events, seal.sealedAt());
    }

    /**
     * Verifies one aggregate's events as stored under its keys, and the newest head a digest recorded of it as
     * {@code audit_heads} notes it; null if it has no event and no head. Not conclusive: deleting the newest events
     * together with that note goes unseen here, not by {@link #verifyAll}.
     */
    public Verification verifyAggregate(String aggregateId) {
        Findings findings = new Findings();
        Digests.Recorded recorded = digests.lastRecorded(aggregateId);
        long events = 0;
        RecentHeads.Seen previous = null;
        for (long from = 0; ; from += AGGREGATE_BATCH) {
            List<Document> batch = chain.aggregateEvents(aggregateId, from, AGGREGATE_BATCH);
            if (batch.isEmpty() && (recorded == null || from > recorded.head().sequence())) {
                break;
            }
            batch.sort(Comparator.comparingLong(EventChain::sequenceOf));
            for (Document event : batch) {
                long sequence = EventChain.sequenceOf(event);
                boolean intact = EventCheck.check(event, previous != null && previous.sequence() == sequence - 1 ? previous : null,
                        findings);
                previous = new RecentHeads.Seen(sequence, storedHash(event), intact);
                events++;
            }
        }
        if (events == 0 && recorded == null) {
            return null;
        }
        if (recorded != null) {
            ChainHead head = recorded.head();
            String key = EventChain.key(aggregateId, head.sequence());
            Map<String, String> stored = chain.storedHashes(List.of(key));
            checkHead(head, recorded.digest(), stored.containsKey(key), stored.get(key), findings);
        }
        return findings.verification(events, seal.sealedAt());
    }

    private void checkDigests(Findings findings) {
        String[] previous = {ChainHash.GENESIS};
        digests.all(digest -> {
            if (!digest.hash().equals(digest.expectedHash())) {
                findings.add(new Broken(null, null, digest.name(), "the digest does not match its own hash"));
            }
            if (!digest.previous().equals(previous[0])) {
                findings.add(new Broken(null, null, digest.name(), "the digest does not follow the digest before it"));
            }
            previous[0] = digest.hash();
            for (String pageHash : digest.pages()) {
                List<ChainHead> page = digests.page(pageHash);
                if (page == null || !Digest.pageHash(page).equals(pageHash)) {
                    findings.add(new Broken(null, null, digest.name(),
                            "a page of heads is " + (page == null ? "missing" : "altered") + ": " + pageHash));
                    continue;
                }
                List<String> keys = new ArrayList<>(page.size());
                page.forEach(head -> keys.add(EventChain.key(head.aggregateId(), head.sequence())));
                Map<String, String> stored = chain.storedHashes(keys);
                for (ChainHead head : page) {
                    String key = EventChain.key(head.aggregateId(), head.sequence());
                    checkHead(head, digest.name(), stored.containsKey(key), stored.get(key), findings);
                }
            }
        });
    }

    private static void checkHead(ChainHead head, String digest, boolean stored, String storedHash, Findings findings) {
        if (!stored) {
            findings.add(new Broken(head.aggregateId(), head.sequence(), digest,
                    "missing: digest " + digest + " recorded it as the newest event of its chain"));
        } else if (!head.hash().equals(storedHash)) {
            findings.add(new Broken(head.aggregateId(), head.sequence(), digest,
                    "its hash differs from the one digest " + digest + " recorded"));
        }
    }

    private static String storedHash(Document event) {
        return event.getString(EventChain.HASH);
    }
}
