package dev.closeout.application.infrastructure.backup;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.closeout.application.infrastructure.readmodel.ReadModelStoreUpgrade;
import dev.closeout.application.infrastructure.readmodel.ReadModelVersions;
import dev.closeout.application.infrastructure.readmodel.RebuiltReadModels;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.RawBsonDocument;
import org.bson.BsonValue;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes what cannot be rebuilt from the events, then the events, then the evidence files, to one
 * {@link BackupFile}, while the application goes on writing (decision 0014).
 *
 * <p>Nothing is read as of one instant; instead every collection is read before the ones its
 * documents point to, so each thing the backup holds finds what it refers to in the backup:
 * <ol>
 *   <li>the tracking tokens of the processors whose state is kept, so that each restored processor
 *       is at most behind its own documents and handles a few events again (every handler is
 *       idempotent, and the alert feed keeps its numbering on redelivery);</li>
 *   <li>the webhook state, which points into the alert feed; the alerts before their head
 *       ({@code alert_counters}), since an alert is stored before the head moves past it;</li>
 *   <li>the audit digests, chain heads and seal, and any collection this class does not know,
 *       all of which may point to events;</li>
 *   <li>the event counter, then the events up to it, as a prefix of the event stream: an index
 *       missing below the counter is an append still in flight, waited for until it is stored, or
 *       a failed append, by the event store's own rule: the event after it is older than the gap
 *       timeout. "Older" is judged against the newest stored event, not this process's clock, which
 *       need not be the one the application stamps events by; an index that rule cannot settle is
 *       waited for up to the gap timeout of this backup's time;</li>
 *   <li>the evidence files, which closure events name: their files documents, then their chunks,
 *       since an upload stores the chunks first.</li>
 * </ol>
 * Read models that the events rebuild (their collections, their tokens, aggregate snapshots) are
 * left out: the application rebuilds them when it starts on the restored store.
 */
final class StoreBackup {

    static final String EVENTS = "events";
    static final String EVENT_COUNTERS = "event_counters";
    static final String TOKENS = ReadModelStoreUpgrade.TOKENS;
    /** The dead-letter queue's collections (MongoDeadLetterQueue), each document naming its processing group. */
    private static final String DEAD_LETTER_ITEMS = "dead_letter_items";
    private static final String DEAD_LETTERS = "dead_letters";
    private static final String DEAD_LETTER_COUNTS = "dead_letter_counts";
    static final String EVIDENCE_FILES = "evidence.files";
    static final String EVIDENCE_CHUNKS = "evidence.chunks";

    /** The aggregate snapshots, which loading an aggregate can do without. */
    static final String SNAPSHOTS = "snapshots";

    private static final long LOWEST_GLOBAL_INDEX = 1;
    private static final int BATCH = 1000;
    private static final Duration POLL = Duration.ofMillis(20);

    private final MongoDatabase database;
    private final MongoDatabase readModels;
    private final Duration gapTimeout;

    /**
     * @param readModels the read models' store, where the tracking tokens are: the same database on MongoDB, a
     *                   file of its own on the embedded default (decision 0020)
     * @param gapTimeout the event store's {@code closeout.event-store.gap-timeout}
     */
    StoreBackup(MongoDatabase database, MongoDatabase readModels, Duration gapTimeout) {
        this.database = database;
        this.readModels = readModels;
        this.gapTimeout = gapTimeout;
    }

    /** What a backup holds. */
    record Summary(long documents, long events, long highestIndex) {
    }

    Summary write(OutputStream target) throws IOException {
        BackupFile.Writer writer = new BackupFile.Writer(target);
        List<String> names = new ArrayList<>();
        database.listCollectionNames().forEach(names::add);
        Set<String> others = new TreeSet<>(names);
        others.removeIf(name -> name.startsWith("system.") || RebuiltReadModels.COLLECTIONS.contains(name)
                || name.equals(SNAPSHOTS) || name.equals(ReadModelVersions.COLLECTION)
                || name.equals(RestoreMarker.COLLECTION));
        List<String> first = new ArrayList<>();
        others.stream().filter(name -> name.startsWith("webhook_")).forEach(first::add);
        first.addAll(List.of("alerts", "alert_subjects", "alert_counters"));
        List<String> last = List.of(EVENT_COUNTERS, EVENTS, EVIDENCE_FILES, EVIDENCE_CHUNKS);
        others.remove(TOKENS);
        others.removeAll(first);
        others.removeAll(last);

        // from the read models' store, which on MongoDB is this database (decision 0020)
        copy(TOKENS, writer);
        for (String name : first) {
            if (names.contains(name)) {
                copy(name, writer);
            }
        }
        for (String name : others) {
            copy(name, writer);
        }
        long[] events = copyEvents(writer);
        copyEvidence(writer);
        writer.finish();
        return new Summary(writer.documents(), events[0], events[1]);
    }

    private void copy(String name, BackupFile.Writer writer) throws IOException {
        MongoCollection<RawBsonDocument> collection = (TOKENS.equals(name) ? readModels : database)
                .getCollection(name, RawBsonDocument.class);
        try (MongoCursor<RawBsonDocument> cursor = collection.find().batchSize(BATCH).iterator()) {
            while (cursor.hasNext()) {
                RawBsonDocument document = cursor.next();
                if (ofRebuiltReadModel(name, document)) {
                    continue;
                }
                writer.write(name, document);
            }
        }
    }

    /**
     * The evidence files, each after its chunks (a file's chunks held until it is written: at most
     * {@code closeout.evidence.max-file-size}), each chunk read by the full key of GridFS's chunk index ({@code
     * {files_id, n}}), one at a time: the only shape the embedded server answers from an index, where a find of
     * the whole collection (or of a file's chunks by {@code files_id}) gathers every chunk in the heap before it
     * answers (storage.md#evidence-files). Chunks are stored before their files document, so a file read here finds
     * its chunks; those of an upload not finished yet belong to no file, and to no event in the backup. Each file is
     * written after its chunks, as it was stored. A file discarded while the backup runs (a refused form's, a failed
     * upload's: its document deleted, then its chunks) is left out. A file still stored whose chunk is missing fails
     * the backup, naming it: a backup that held the file cut short would restore it so, and its SHA-256, which a
     * closure request's evidence names, would no longer match.
     */
    private void copyEvidence(BackupFile.Writer writer) throws IOException {
        MongoCollection<RawBsonDocument> filesStored = database.getCollection(EVIDENCE_FILES, RawBsonDocument.class);
        List<RawBsonDocument> files = filesStored.find().batchSize(BATCH).into(new ArrayList<>());
        MongoCollection<RawBsonDocument> chunks = database.getCollection(EVIDENCE_CHUNKS, RawBsonDocument.class);
        for (RawBsonDocument file : files) {
            EvidenceFile evidence = new EvidenceFile(file.get("_id"), file.getNumber("length").longValue(),
                    file.getNumber("chunkSize").intValue());
            List<RawBsonDocument> ofFile = new ArrayList<>();
            for (int n = 0; (long) n * evidence.chunkSize() < evidence.length(); n++) {
                RawBsonDocument chunk = chunks.find(new BsonDocument("files_id", evidence.id())
                        .append("n", new BsonInt32(n))).first();
                if (chunk == null) {
                    if (filesStored.find(new BsonDocument("_id", evidence.id())).first() == null) {
                        ofFile = null;
                        break;
                    }
                    throw new IOException("Evidence file " + evidence.id() + " lacks its chunk " + n + " in "
                            + EVIDENCE_CHUNKS + ": the store's copy of it is damaged, and a backup would hold it cut short");
                }
                ofFile.add(chunk);
            }
            if (ofFile != null) {
                for (RawBsonDocument chunk : ofFile) {
                    writer.write(EVIDENCE_CHUNKS, chunk);
                }
                writer.write(EVIDENCE_FILES, file);
            }
        }
    }

    private record EvidenceFile(BsonValue id, long length, int chunkSize) {
    }

    /**
     * Whether the document belongs to a read model the events rebuild: its processor's position, or a dead letter it
     * parked. Restored, a letter of a read model replayed from the start would hold the item's replayed events
     * behind it (its registration among them), and the item would stay out of the view until evicted and rebuilt.
     */
    static boolean ofRebuiltReadModel(String name, RawBsonDocument document) {
        String group = switch (name) {
            case TOKENS -> document.getString("processorName").getValue();
            case DEAD_LETTER_ITEMS, DEAD_LETTERS -> document.containsKey("group")
                    ? document.getString("group").getValue() : null;
            case DEAD_LETTER_COUNTS -> document.get("_id").isString() ? document.getString("_id").getValue() : null;
            default -> null;
        };
        return group != null && RebuiltReadModels.GROUPS.contains(group);
    }

    /** The counter, then every event up to it; answers the number of events and the highest index. */
    private long[] copyEvents(BackupFile.Writer writer) throws IOException {
        RawBsonDocument counter = database.getCollection(EVENT_COUNTERS, RawBsonDocument.class)
                .find(Filters.eq("_id", EVENTS)).first();
        if (counter == null) {
            return new long[] {0, 0};
        }
        writer.write(EVENT_COUNTERS, counter);
        long highest = LOWEST_GLOBAL_INDEX + counter.getNumber("allocated").longValue() - 1;
        MongoCollection<RawBsonDocument> events = database.getCollection(EVENTS, RawBsonDocument.class);
        Gaps gaps = new Gaps(events, newestStamp(events, highest), System.nanoTime() + gapTimeout.toNanos());
        long count = 0;
        long highestStored = 0;
        for (long start = LOWEST_GLOBAL_INDEX; start <= highest; start += BATCH) {
            List<Long> keys = range(start, Math.min(highest + 1, start + BATCH));
            Map<Long, RawBsonDocument> found = find(events, keys);
            for (int i = 0; i < keys.size(); i++) {
                long index = keys.get(i);
                RawBsonDocument event = found.get(index);
                if (event == null) {
                    event = gaps.await(index, stampAfter(found, keys, i));
                }
                if (event != null) {
                    writer.write(EVENTS, event);
                    count++;
                    highestStored = index;
                }
            }
        }
        return new long[] {count, highestStored};
    }

    /** When the stored event with the highest index up to {@code highest} was stamped; null if none is. */
    private static Instant newestStamp(MongoCollection<RawBsonDocument> events, long highest) {
        for (long end = highest; end >= LOWEST_GLOBAL_INDEX; end -= BATCH) {
            Map<Long, RawBsonDocument> found = find(events, range(Math.max(LOWEST_GLOBAL_INDEX, end - BATCH + 1), end + 1));
            if (!found.isEmpty()) {
                return stamp(found.get(found.keySet().stream().max(Long::compare).orElseThrow()));
            }
        }
        return null;
    }

    private static List<Long> range(long from, long to) {
        List<Long> keys = new ArrayList<>();
        for (long index = from; index < to; index++) {
            keys.add(index);
        }
        return keys;
    }

    private static Instant stamp(RawBsonDocument event) {
        return Instant.parse(event.getString("timeStamp").getValue());
    }

    private static Map<Long, RawBsonDocument> find(MongoCollection<RawBsonDocument> events, List<Long> keys) {
        Map<Long, RawBsonDocument> found = new HashMap<>();
        events.find(Filters.in("_id", keys)).forEach(event -> found.put(event.getInt64("_id").getValue(), event));
        return found;
    }

    /** When the first stored event after position {@code i} was stamped; null if none is in this batch. */
    private static Instant stampAfter(Map<Long, RawBsonDocument> found, List<Long> keys, int i) {
        for (int j = i + 1; j < keys.size(); j++) {
            RawBsonDocument next = found.get(keys.get(j));
            if (next != null) {
                return stamp(next);
            }
        }
        return null;
    }

    /** Missing indexes: appends still in flight, or failed ones. */
    private final class Gaps {

        private final MongoCollection<RawBsonDocument> events;
        private final Instant newest;
        private final long giveUpNanos;

        Gaps(MongoCollection<RawBsonDocument> events, Instant newest, long giveUpNanos) {
            this.events = events;
            this.newest = newest;
            this.giveUpNanos = giveUpNanos;
        }

        /**
         * The event at {@code index} once it is stored, or null for a failed append: at once when the
         * event after it was stamped more than the gap timeout before the newest, otherwise once this
         * backup has waited the gap timeout.
         */
        RawBsonDocument await(long index, Instant stampAfter) {
            boolean failedLongAgo = stampAfter != null && newest != null && stampAfter.plus(gapTimeout).isBefore(newest);
            while (true) {
                RawBsonDocument event = events.find(Filters.eq("_id", index)).first();
                if (event != null || failedLongAgo || System.nanoTime() - giveUpNanos >= 0) {
                    return event;
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for event " + index, e);
                }
            }
        }
    }
}
