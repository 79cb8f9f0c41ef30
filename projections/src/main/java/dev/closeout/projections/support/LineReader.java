package dev.closeout.projections.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The read side of {@link LineStore}: the lines of some groups, fetched by the exact keys their
 * slot counters give, {@value Slots#IN_BATCH} at a time, or from a {@link LineMirror copy} of them. What a read costs is the lines it fetches (a few
 * hundred bytes each) and one small counter per group.
 */
public final class LineReader {

    /** One stored line: the item's id, the document (its fixed fields) and the line. */
    public record Line(String itemId, Document stored) {

        public Document line() {
            return stored.get(LineStore.LINE, Document.class);
        }

        public String field(String name) {
            return stored.getString(name);
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
        List<String> keys = slots.keys(groups);
        List<Line> found = new ArrayList<>(keys.size());
        for (List<String> batch : Slots.batches(keys)) {
            for (Document d : lines.find(Filters.in("_id", batch))) {
                found.add(new Line(d.getString(LineStore.ITEM), d));
            }
        }
        return found;
    }
}
