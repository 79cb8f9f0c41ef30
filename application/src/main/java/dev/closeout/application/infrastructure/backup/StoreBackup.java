package dev.closeout.application.infrastructure.backup;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.RawBsonDocument;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
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
 *       a failed append, taken as such by the event store's own rule (an event after it older than
 *       the gap timeout);</li>
 *   <li>the evidence files, which closure events name: their files documents, then their chunks,
 *       since an upload stores the chunks first.</li>
 * </ol>
 * Read models that the events rebuild (their collections, their tokens, aggregate snapshots) are
 * left out: the application rebuilds them when it starts on the restored store.
 */
final class StoreBackup {

    static final String EVENTS = "events";
    static final String EVENT_COUNTERS = "event_counters";
    static final String TOKENS = "trackingtokens";
    static final String EVIDENCE_FILES = "evidence.files";
    static final String EVIDENCE_CHUNKS = "evidence.chunks";

    /** The processing groups whose read models are rebuilt from the events (docs/storage.md#read-models). */
    static final Set<String> REBUILT_GROUPS = Set.of("task-view", "ledger", "complaint-view", "complaint-ledger",
            "due-date-index", "audit-trail", "inspection-rounds", "search");

    /** Their collections, and the aggregate snapshots, which loading an aggregate can do without. */
    static final Set<String> REBUILT_COLLECTIONS = Set.of(
            "task_views",
            "ledger_lines", "ledger_task_index", "ledger_department_fill", "ledgers",
            "complaint_views",
            "complaint_ledger_lines", "complaint_ledger_index", "complaint_ledger_months",
            "due_date_days", "due_date_entries", "due_date_items", "due_date_marks",
            "audit_trail_lines", "audit_trail_events", "audit_trail_lists", "audit_trail_entries",
            "audit_trail_days", "audit_trail_items",
            "inspection_rounds", "inspection_task_links", "inspection_round_list", "inspection_round_counters",
            "search_lines", "search_item_index", "search_terms", "search_fill", "search_changes",
            "snapshots");

    private static final long LOWEST_GLOBAL_INDEX = 1;
    private static final int BATCH = 1000;
    private static final Duration POLL = Duration.ofMillis(20);

    private final MongoDatabase database;
    private final Clock clock;
    private final Duration gapTimeout;

    /**
     * @param clock      the clock events are stamped by (the application's), to judge gaps by
     * @param gapTimeout the event store's {@code closeout.event-store.gap-timeout}
     */
    StoreBackup(MongoDatabase database, Clock clock, Duration gapTimeout) {
        this.database = database;
        this.clock = clock;
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
        others.removeIf(name -> name.startsWith("system.") || REBUILT_COLLECTIONS.contains(name));
        List<String> first = new ArrayList<>();
        first.add(TOKENS);
        others.stream().filter(name -> name.startsWith("webhook_")).forEach(first::add);
        first.addAll(List.of("alerts", "alert_subjects", "alert_counters"));
        List<String> last = List.of(EVENT_COUNTERS, EVENTS, EVIDENCE_FILES, EVIDENCE_CHUNKS);
        others.removeAll(first);
        others.removeAll(last);

        for (String name : first) {
            if (names.contains(name)) {
                copy(name, writer);
            }
        }
        for (String name : others) {
            copy(name, writer);
        }
        long[] events = copyEvents(writer);
        copy(EVIDENCE_FILES, writer);
        copy(EVIDENCE_CHUNKS, writer);
        writer.finish();
        return new Summary(writer.documents(), events[0], events[1]);
    }

    private void copy(String name, BackupFile.Writer writer) throws IOException {
        MongoCollection<RawBsonDocument> collection = database.getCollection(name, RawBsonDocument.class);
        try (MongoCursor<RawBsonDocument> cursor = collection.find().batchSize(BATCH).iterator()) {
            while (cursor.hasNext()) {
                RawBsonDocument document = cursor.next();
                if (TOKENS.equals(name) && REBUILT_GROUPS.contains(document.getString("processorName").getValue())) {
                    continue;
                }
                writer.write(name, document);
            }
        }
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
        Instant counted = clock.instant();
        MongoCollection<RawBsonDocument> events = database.getCollection(EVENTS, RawBsonDocument.class);
        long count = 0;
        long highestStored = 0;
        for (long start = LOWEST_GLOBAL_INDEX; start <= highest; start += BATCH) {
            List<Long> keys = new ArrayList<>();
            for (long index = start; index <= Math.min(highest, start + BATCH - 1); index++) {
                keys.add(index);
            }
            Map<Long, RawBsonDocument> found = find(events, keys);
            for (int i = 0; i < keys.size(); i++) {
                long index = keys.get(i);
                RawBsonDocument event = found.get(index);
                if (event == null) {
                    event = awaitGap(events, index, timestampAfter(found, keys, i, counted));
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

    private static Map<Long, RawBsonDocument> find(MongoCollection<RawBsonDocument> events, List<Long> keys) {
        Map<Long, RawBsonDocument> found = new HashMap<>();
        events.find(Filters.in("_id", keys)).forEach(event -> found.put(event.getInt64("_id").getValue(), event));
        return found;
    }

    /** When the first stored event after position {@code i} was stamped; the counter's reading if none is. */
    private static Instant timestampAfter(Map<Long, RawBsonDocument> found, List<Long> keys, int i, Instant counted) {
        for (int j = i + 1; j < keys.size(); j++) {
            RawBsonDocument next = found.get(keys.get(j));
            if (next != null) {
                return Instant.parse(next.getString("timeStamp").getValue());
            }
        }
        return counted;
    }

    /**
     * The event at a missing index once it is stored, or null for a failed append: one whose
     * following event (or, at the head, the counter's reading) is older than the gap timeout.
     */
    private RawBsonDocument awaitGap(MongoCollection<RawBsonDocument> events, long index, Instant after) {
        Instant giveUp = after.plus(gapTimeout);
        while (true) {
            RawBsonDocument event = events.find(Filters.eq("_id", index)).first();
            if (event != null || !clock.instant().isBefore(giveUp)) {
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
