package dev.closeout.projections.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The read side of {@link LineStore}: the lines of some groups, fetched by the exact keys their
 * slot counters give, {@value Slots#IN_BATCH} at a time, or from a {@link LineMirror copy} of them. What a read costs is the lines it fetches (a few
 * hundred bytes each) and one small counter per group.
 */
public final class LineReader {

    /**
     * One stored line: the item's id, the document (its fixed fields) and the line. A line held by a
     * {@link LineMirror copy} is read again and again; {@link #parsed} keeps what it was parsed into.
     */
    public static final class Line {

        private final String itemId;
        private final Document stored;
        private volatile Object parsed;
        private volatile Memo memo;

        public Line(String itemId, Document stored) {
            this.itemId = itemId;
            this.stored = stored;
        }

        public String itemId() {
            return itemId;
        }

        public Document stored() {
            return stored;
        }

        public Document line() {
            return stored.get(LineStore.LINE, Document.class);
        }

        public String field(String name) {
            return stored.getString(name);
        }

        /**
         * The line parsed by {@code parse} into a {@code type}, parsed once and kept: the line's document never
         * changes (a changed line is another {@code Line}), and {@code type} must be immutable.
         */
        public <T> T parsed(Class<T> type, Function<Document, T> parse) {
            Object kept = parsed;
            if (!type.isInstance(kept)) {
                kept = parse.apply(line());
                parsed = kept;
            }
            return type.cast(kept);
        }

        /**
         * What {@code compute} gives for this line and {@code key}, computed once and kept for as long as the same key
         * (by {@code equals}) is asked for; another key replaces it. For what every read of a held line would compute
         * again, such as its colour today. {@code compute} must depend on nothing but the line and the key, and its
         * value must be immutable.
         */
        public <T> T memo(Object key, Supplier<T> compute) {
            Memo kept = memo;
            if (kept == null || !kept.key().equals(key)) {
                kept = new Memo(key, compute.get());
                memo = kept;
            }
            @SuppressWarnings("unchecked")
            T value = (T) kept.value();
            return value;
        }

        private record Memo(Object key, Object value) {
        }

        @Override
        public String toString() {
            return "Line[" + itemId + ", " + stored.toJson() + "]";
        }
    }

    private final MongoCollection<Document> lines;
    private final Slots slots;
    private final LineMirror mirror;

    public LineReader(MongoDatabase database, String lines, String counters) {
        this(database, lines, counters, null);
    }

    /** A reader answering from {@code mirror}, a copy of the lines kept current by their changes, when not null. */
    public LineReader(MongoDatabase database, String lines, String counters, LineMirror mirror) {
        this.lines = database.getCollection(lines);
        this.slots = new Slots(database, counters);
        this.mirror = mirror;
    }

    /** Every line of these groups, in no particular order. The documents must not be changed. */
    public List<Line> lines(Collection<String> groups) {
        if (mirror != null) {
            return mirror.lines(groups);
        }
        return fetch(lines, slots.keys(groups));
    }

    /** The lines stored under these keys, {@value Slots#IN_BATCH} keys a query; a key without a line is passed over. */
    static List<Line> fetch(MongoCollection<Document> lines, List<String> keys) {
        List<Line> found = new ArrayList<>(keys.size());
        for (List<String> batch : Slots.batches(keys)) {
            for (Document d : lines.find(Filters.in("_id", batch))) {
                found.add(new Line(d.getString(LineStore.ITEM), d));
            }
        }
        return found;
    }
}
