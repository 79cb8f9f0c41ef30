package dev.closeout.application.infrastructure.audit;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import dev.closeout.application.infrastructure.eventstore.ChainHash;
import dev.closeout.application.infrastructure.eventstore.EventChain;
import dev.closeout.application.infrastructure.eventstore.MongoDuplicateKeyResolver;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Seals a store written before events were hashed: walks the global log once in batches, computes
 * the hash of every event stored without one (its chain over the events before it) and writes it,
 * then records the seal in {@value #COLLECTION}: dated when it began, marked complete at the end.
 * Safe to run at every start, by several instances at once: once complete it is one read; before
 * that, each run writes the same hashes (an event's hash is a function of its aggregate's events),
 * the earliest date is kept, and a run cut short is taken up again by the next.
 * A store with no event without a hash is recorded as checked, not sealed: it was chained from its
 * first event.
 */
public class ChainSeal {

    public static final String COLLECTION = "audit_seal";
    static final String SEAL_ID = "seal";
    static final String SEALED_AT = "sealedAt";
    private static final String COMPLETE = "complete";

    private static final Logger log = LoggerFactory.getLogger(ChainSeal.class);
    private static final int BATCH = 1_000;

    private final EventChain chain;
    private final MongoCollection<Document> seal;

    public ChainSeal(EventChain chain, MongoDatabase database) {
        this.chain = chain;
        this.seal = database.getCollection(COLLECTION);
    }

    /** Seals the store unless that was done (or found unnecessary) before; answers the seal date, if any. */
    public Instant sealIfNeeded(Instant now) {
        Document recorded = seal.find(new Document("_id", SEAL_ID)).first();
        if (recorded != null && Boolean.TRUE.equals(recorded.getBoolean(COMPLETE))) {
            return sealedAt(recorded);
        }
        long highest = chain.highestAllocatedIndex();
        long sealed = 0;
        RecentHeads recent = new RecentHeads();
        for (long start = chain.lowestGlobalIndex(); start <= highest; start += BATCH) {
            List<Document> events = chain.storedBetween(start, Math.min(highest + 1, start + BATCH));
            Map<Long, EventChain.Link> hashes = new HashMap<>();
            for (Document event : events) {
                String aggregate = EventChain.aggregateOf(event);
                long sequence = EventChain.sequenceOf(event);
                String hash = event.getString(EventChain.HASH);
                if (hash == null) {
                    String previous = previous(recent, aggregate, sequence);
                    hash = ChainHash.of(event).chainedTo(previous);
                    hashes.put(EventChain.globalIndex(event), new EventChain.Link(previous, hash));
                }
                recent.remember(aggregate, sequence, hash, true);
            }
            if (sealed == 0 && !hashes.isEmpty()) {
                // Dated before the first hash is written, so that a run cut short is still known as a seal.
                record(new Document("$min", new Document(SEALED_AT, Date.from(now))));
            }
            chain.seal(hashes);
            sealed += hashes.size();
        }
        record(sealed > 0
                ? new Document("$set", new Document(COMPLETE, true))
                        .append("$max", new Document("sealedThrough", highest).append("events", sealed))
                : new Document("$set", new Document(COMPLETE, true))
                        .append("$setOnInsert", new Document("checkedAt", Date.from(now))));
        if (sealed > 0) {
            log.warn("Sealed the event store: {} events stored before events were hashed now carry their chain hashes",
                    sealed);
        }
        return sealedAt(seal.find(new Document("_id", SEAL_ID)).first());
    }

    /** When the store was sealed, or null if it was not (yet) or never needed to be. */
    public Instant sealedAt() {
        return sealedAt(seal.find(new Document("_id", SEAL_ID)).first());
    }

    private String previous(RecentHeads recent, String aggregate, long sequence) {
        if (sequence <= 0) {
            return ChainHash.GENESIS;
        }
        String known = recent.hashOf(aggregate, sequence - 1);
        return known != null ? known : chain.hashOf(aggregate, sequence - 1);
    }

    /** Two instances upserting the one seal document at once: the loser's duplicate key is retried as an update. */
    private void record(Document update) {
        try {
            seal.updateOne(new Document("_id", SEAL_ID), update, new UpdateOptions().upsert(true));
        } catch (MongoException e) {
            if (!MongoDuplicateKeyResolver.INSTANCE.isDuplicateKeyViolation(e)) {
                throw e;
            }
            seal.updateOne(new Document("_id", SEAL_ID), update, new UpdateOptions().upsert(true));
        }
    }

    private static Instant sealedAt(Document recorded) {
        return recorded == null || recorded.getDate(SEALED_AT) == null ? null : recorded.getDate(SEALED_AT).toInstant();
    }
}
