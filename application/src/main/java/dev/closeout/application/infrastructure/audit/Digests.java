package dev.closeout.application.infrastructure.audit;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import dev.closeout.application.infrastructure.eventstore.ChainHash;
import dev.closeout.application.infrastructure.eventstore.EventChain;
import dev.closeout.application.infrastructure.eventstore.MongoDuplicateKeyResolver;
import dev.closeout.projections.support.OfficeZone;
import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Records and reads the digests of the chain heads ({@link Digest}), in three collections:
 * {@value #DIGESTS} (one small document per digest, {@code _id} its number), {@value #PAGES} (the
 * heads, {@code _id} the page's hash, so that a page is written the same by whoever writes it) and
 * {@value #HEADS} (per aggregate, the last head a digest recorded: what verifying one item checks
 * against without reading every digest).
 * <p>
 * Recording reads the global log by exact keys from just below the previous digest's highest index
 * ({@value #LOOKBACK} indexes back, so an append still in flight when it was recorded is caught now),
 * holds at most {@value #HEADS_IN_MEMORY} heads in memory, and writes pages before the digest that
 * lists them.
 * Two instances recording at once both compute digest n; the unique {@code _id} keeps the first.
 */
public class Digests {

    public static final String DIGESTS = "audit_digests";
    public static final String PAGES = "audit_digest_pages";
    public static final String HEADS = "audit_heads";
    public static final int PAGE_SIZE = 1_000;

    /**
     * Heads gathered before they are written as pages: each item's newest event is listed once per
     * digest as long as no more items than this grew since the previous one (a county's 10,000 items
     * all fit); beyond, an item may be listed again in a later page. About 15 MB at most.
     */
    private static final int HEADS_IN_MEMORY = 100_000;
    private static final int BATCH = 1_000;
    private static final long LOOKBACK = 1_000;

    private final EventChain chain;
    private final MongoCollection<Document> digests;
    private final MongoCollection<Document> pages;
    private final MongoCollection<Document> heads;
    private final OfficeZone zone;

    public Digests(EventChain chain, MongoDatabase database, OfficeZone zone) {
        this.chain = chain;
        this.digests = database.getCollection(DIGESTS);
        this.pages = database.getCollection(PAGES);
        this.heads = database.getCollection(HEADS);
        this.zone = zone;
    }

    /** Records a digest unless one was recorded on the office's day of {@code now}; answers it, or null. */
    public Digest recordIfDue(Instant now) {
        Digest latest = latest();
        if (latest != null && !latest.day().isBefore(zone.dayOf(now))) {
            return null;
        }
        return record(now);
    }

    /** Records a digest of every chain grown since the previous digest. */
    public Digest record(Instant now) {
        Digest latest = latest();
        long lowest = chain.lowestGlobalIndex();
        long from = latest == null ? lowest : Math.max(lowest, latest.highestGlobalIndex() + 1 - LOOKBACK);
        long highest = chain.highestAllocatedIndex();
        Map<String, ChainHead> page = new LinkedHashMap<>();
        List<String> pageHashes = new ArrayList<>();
        int count = 0;
        for (long start = from; start <= highest; start += BATCH) {
            for (Document event : chain.storedBetween(start, Math.min(highest + 1, start + BATCH))) {
                String aggregate = EventChain.aggregateOf(event);
                long sequence = EventChain.sequenceOf(event);
                ChainHead known = page.get(aggregate);
                if (known == null || sequence > known.sequence()) {
                    String hash = event.getString(EventChain.HASH);
                    page.remove(aggregate);
                    page.put(aggregate, new ChainHead(aggregate, sequence,
                            hash != null ? hash : chain.hashOf(aggregate, sequence)));
                }
                if (page.size() >= HEADS_IN_MEMORY) {
                    count += writePages(page, pageHashes);
                }
            }
        }
        count += writePages(page, pageHashes);
        Instant recordedAt = now.truncatedTo(ChronoUnit.MILLIS);
        Digest digest = new Digest(latest == null ? 1 : latest.number() + 1, zone.dayOf(now), recordedAt, from,
                highest, count, pageHashes, latest == null ? ChainHash.GENESIS : latest.hash(), null);
        digest = digest.withHash(digest.expectedHash());
        try {
            digests.insertOne(toDocument(digest));
        } catch (MongoException e) {
            if (MongoDuplicateKeyResolver.INSTANCE.isDuplicateKeyViolation(e)) {
                return latest();
            }
            throw e;
        }
        index(digest);
        return digest;
    }

    /** The newest digest, or null before the first. */
    public Digest latest() {
        Document newest = digests.find().sort(new Document("_id", -1)).limit(1).first();
        return newest == null ? null : toDigest(newest);
    }

    /** The digests recorded on the office's days {@code from .. to}, oldest first. */
    public void between(LocalDate from, LocalDate to, Consumer<Digest> each) {
        digests.find(new Document("day", new Document("$gte", from.toString()).append("$lte", to.toString())))
               .sort(new Document("_id", 1))
               .forEach(document -> each.accept(toDigest(document)));
    }

    /** Every digest, oldest first; a small collection (one document a day), read through its _id order. */
    public void all(Consumer<Digest> each) {
        digests.find().sort(new Document("_id", 1)).forEach(document -> each.accept(toDigest(document)));
    }

    /** The heads of the page with this hash as stored, or null if it is missing. */
    public List<ChainHead> page(String pageHash) {
        Document page = pages.find(new Document("_id", pageHash)).first();
        if (page == null) {
            return null;
        }
        List<ChainHead> result = new ArrayList<>();
        for (Document head : page.getList("heads", Document.class)) {
            result.add(new ChainHead(head.getString("a"), ((Number) head.get("s")).longValue(), head.getString("h")));
        }
        return result;
    }

    /** The last head a digest recorded for the aggregate, and the digest's name; null if none did. */
    public Recorded lastRecorded(String aggregateId) {
        Document head = heads.find(new Document("_id", aggregateId)).first();
        if (head == null) {
            return null;
        }
        return new Recorded(new ChainHead(aggregateId, ((Number) head.get("sequence")).longValue(),
                head.getString("hash")), head.getString("digest"));
    }

    public record Recorded(ChainHead head, String digest) {
    }

    /** Writes the heads gathered so far as pages of at most {@link #PAGE_SIZE}, and forgets them. */
    private int writePages(Map<String, ChainHead> gathered, List<String> pageHashes) {
        List<ChainHead> all = List.copyOf(gathered.values());
        for (int from = 0; from < all.size(); from += PAGE_SIZE) {
            pageHashes.add(writePage(all.subList(from, Math.min(all.size(), from + PAGE_SIZE))));
        }
        gathered.clear();
        return all.size();
    }

    private String writePage(List<ChainHead> page) {
        String hash = Digest.pageHash(page);
        List<Document> entries = new ArrayList<>(page.size());
        for (ChainHead head : page) {
            entries.add(new Document("a", head.aggregateId()).append("s", head.sequence()).append("h", head.hash()));
        }
        try {
            pages.replaceOne(new Document("_id", hash), new Document("_id", hash).append("heads", entries),
                    new ReplaceOptions().upsert(true));
        } catch (MongoException e) {
            // The same page, written at the same moment by another instance recording the same digest.
            if (!MongoDuplicateKeyResolver.INSTANCE.isDuplicateKeyViolation(e)) {
                throw e;
            }
        }
        return hash;
    }

    /** Points each aggregate of the digest at its head in it, page by page, one unordered bulk write a page. */
    private void index(Digest digest) {
        for (String pageHash : digest.pages()) {
            List<ChainHead> page = page(pageHash);
            if (page == null) {
                continue; // removed since it was written: verification names the digest
            }
            List<ReplaceOneModel<Document>> writes = new ArrayList<>();
            for (ChainHead head : page) {
                writes.add(new ReplaceOneModel<>(new Document("_id", head.aggregateId()),
                        new Document("_id", head.aggregateId()).append("sequence", head.sequence())
                                .append("hash", head.hash()).append("digest", digest.name()),
                        new ReplaceOptions().upsert(true)));
            }
            heads.bulkWrite(writes, new BulkWriteOptions().ordered(true));
        }
    }

    private static Document toDocument(Digest digest) {
        return new Document("_id", digest.number())
                .append("day", digest.day().toString())
                .append("recordedAt", digest.recordedAt().toString())
                .append("fromGlobalIndex", digest.fromGlobalIndex())
                .append("highestGlobalIndex", digest.highestGlobalIndex())
                .append("heads", digest.heads())
                .append("pages", digest.pages())
                .append("previous", digest.previous())
                .append("hash", digest.hash());
    }

    private static Digest toDigest(Document document) {
        return new Digest(((Number) document.get("_id")).longValue(), LocalDate.parse(document.getString("day")),
                Instant.parse(document.getString("recordedAt")),
                ((Number) document.get("fromGlobalIndex")).longValue(),
                ((Number) document.get("highestGlobalIndex")).longValue(),
                ((Number) document.get("heads")).intValue(), document.getList("pages", String.class),
                document.getString("previous"), document.getString("hash"));
    }
}
