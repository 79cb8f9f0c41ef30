package dev.closeout.projections.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which lines of a group were written, in the order they were: a numbered document per written line, so
 * that a reader holding a copy of the group's lines ({@link LineMirror}) fetches only the lines written since
 * it last looked, by exact keys, instead of every line of the group.
 * <p>
 * A group's changes are numbered by a field {@value #CHANGES} of its slot counter ({@link Slots}), taken with
 * {@link ReturnDocument#BEFORE} as slots are; change {@code r} is the document
 * {@code {_id: Keys.of(group, "changes", r), at: <key of the line>}}. A change is numbered and recorded
 * <em>after</em> its line was written, so a reader that finds change {@code r} finds the line as written, and a
 * reader that reads all lines after seeing {@code n} changes numbered has every line of changes below
 * {@code n}. A number taken whose document is not there yet is a change in flight (or lost to a crash: the
 * event is then delivered again and its line recorded again under a new number): the reader treats it as the
 * event store's gaps are treated, looking again for a while.
 * <p>
 * The counter also carries an {@value #EPOCH}, a random name given once: a read model reset and rebuilt
 * counts its changes from zero again under a new epoch, which tells a reader its copy is of another store.
 * <p>
 * Only the newest {@value #KEPT} changes of a group are kept: a reader further behind reads the group whole.
 */
public final class ChangeLog {

    /** The field of a slot counter numbering the group's changes. */
    public static final String CHANGES = "changes";
    /** The field of a slot counter naming the lifetime of its numbering. */
    public static final String EPOCH = "epoch";
    /** The field of a change naming the key of the line written. */
    public static final String AT = "at";
    /** How many of a group's newest changes are kept; older ones are deleted {@value #TRIM_EVERY} at a time. */
    public static final int KEPT = 2_000;
    /** How many of a log's oldest entries are deleted at a time ({@link #trimmed}). */
    public static final int TRIM_EVERY = 250;

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final MongoCollection<Document> counters;
    private final MongoCollection<Document> changes;

    public ChangeLog(MongoDatabase database, String counters, String changes) {
        this.counters = database.getCollection(counters);
        this.changes = database.getCollection(changes);
    }

    /**
     * Records that the lines at {@code keys} were written, in that order, each in the group its key names
     * ({@link Keys#first}); to be called once the lines are stored. The changes of one group are numbered
     * together (one counter update a group) and all recorded in one bulk write. Recording the same line twice is
     * harmless: a reader fetches it once more.
     * <p>
     * When {@code replayed} (a rebuild writes the lines again from the first event), each group's numbering moves
     * {@value #KEPT} further and no change is recorded: a copy of the group is then further behind than a reader
     * catches up on change by change, and it reads the group whole, as it does when a change is no longer kept. A
     * rebuild's changes would each be recorded and, all but the newest {@value #KEPT} of a group, deleted again
     * within the rebuild, while no copy of a group being rebuilt follows it change by change.
     */
    public void written(List<String> keys, boolean replayed) {
        Map<String, List<String>> byGroup = new LinkedHashMap<>();
        keys.forEach(key -> byGroup.computeIfAbsent(Keys.first(key), group -> new ArrayList<>()).add(key));
        List<WriteModel<Document>> records = new ArrayList<>(keys.size());
        List<String> old = new ArrayList<>();
        byGroup.forEach((group, written) -> {
            long numbers = written.size() + (replayed ? KEPT : 0);
            Document before = counters.findOneAndUpdate(Filters.eq("_id", group), Updates.inc(CHANGES, numbers),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE)
                            .projection(Projections.include(CHANGES, EPOCH)));
            long first = before == null || before.get(CHANGES) == null ? 0 : ((Number) before.get(CHANGES)).longValue();
            if (before == null || before.get(EPOCH) == null) {
                // the group's first change: name its numbering (once, whoever of two writers gets there first)
                counters.updateOne(Filters.and(Filters.eq("_id", group), Filters.exists(EPOCH, false)),
                        Updates.set(EPOCH, UUID.randomUUID().toString()));
            }
            if (replayed) {
                return;
            }
            for (int i = 0; i < written.size(); i++) {
                records.add(new UpdateOneModel<>(Filters.eq("_id", key(group, first + i)), Updates.setOnInsert(AT,
                        written.get(i)), UPSERT));
            }
            trimmed(first, written.size(), KEPT).forEach(number -> old.add(key(group, number)));
        });
        if (!records.isEmpty()) {
            changes.bulkWrite(records, new BulkWriteOptions().ordered(false));
        }
        for (List<String> batch : Slots.batches(old)) {
            changes.deleteMany(Filters.in("_id", batch));
        }
    }

    /**
     * The numbers a log keeping its newest {@code kept} entries deletes once it has numbered {@code count} more from
     * {@code first}: {@value #TRIM_EVERY} at a time, as its numbering reaches each multiple of that.
     */
    public static List<Long> trimmed(long first, int count, long kept) {
        List<Long> gone = new ArrayList<>();
        for (long number = first; number < first + count; number++) {
            long behind = number - kept;
            if (behind >= 0 && number % TRIM_EVERY == 0) {
                for (long old = Math.max(0, behind - TRIM_EVERY); old < behind; old++) {
                    gone.add(old);
                }
            }
        }
        return gone;
    }

    /** Forgets every change; the counters are reset by their owner. */
    void reset() {
        changes.drop();
    }

    static String key(String group, long number) {
        return Keys.of(group, CHANGES, number);
    }
}
