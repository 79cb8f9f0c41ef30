package dev.closeout.projections.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A line's versions, one per day on which events changed it: what the line said at the end of that day
 * (in the office's zone), so that a ledger can be read as it stood on any past day without a copy of the
 * whole ledger per day (decision 0012).
 * <p>
 * Versions of an item are numbered 0, 1, 2… and kept in documents of their own keyed
 * {@code Keys.of(item, number)}: {@code {_id, day, line}}. The line itself carries how many versions it
 * has ({@value #COUNT}) and the day of the newest ({@value #DAY}): an event of the same day rewrites the
 * newest version, an event of a later day adds one. An event therefore writes one more small document,
 * whatever the item's history; and a reader finds the version of day D by exact keys, halving the
 * numbers between the first version and the newest one round by round (one {@code _id $in} per round for
 * every line still looking), so a line with a hundred versions costs seven look-ups.
 */
public final class LineVersions {

    /** The field of a line holding how many versions it has. */
    public static final String COUNT = "vn";
    /** The field of a line holding the day of its newest version. */
    public static final String DAY = "vd";

    private final MongoCollection<Document> versions;

    public LineVersions(MongoDatabase database, String collection) {
        this.versions = database.getCollection(collection);
    }

    /**
     * Keeps {@code changed} as the item's version of {@code day}, given the line as it was before
     * ({@code null} for an item's first line): puts the version to be written into {@code written} (by its key,
     * so a later change of the same day in the same batch replaces it) and answers the changed line, marked with
     * its versions, to be stored. An event stamped earlier than the newest version (clocks of two instances a
     * little apart) counts as of that version's day, so versions never go back in time.
     */
    Document record(String itemId, Document before, Document changed, LocalDate day, Map<Object, Document> written) {
        if (day == null) {
            throw new IllegalArgumentException("A line that keeps versions changes on a day");
        }
        if (before != null && sameFigures(before, changed) && before.get(DAY) != null) {
            Document unchanged = new Document(changed);
            unchanged.put(COUNT, before.get(COUNT));
            unchanged.put(DAY, before.get(DAY));
            return unchanged;
        }
        long count = before == null || before.get(COUNT) == null ? 0 : ((Number) before.get(COUNT)).longValue();
        LocalDate newest = before == null || before.getString(DAY) == null ? null : LocalDate.parse(before.getString(DAY));
        long number;
        if (newest != null && !day.isAfter(newest)) {
            number = count - 1;
            day = newest;
        } else {
            number = count;
            count++;
        }
        Document marked = new Document(changed);
        marked.put(COUNT, count);
        marked.put(DAY, day.toString());
        Document version = new Document("_id", Keys.of(itemId, number)).append("day", day.toString())
                .append(LineStore.LINE, marked);
        written.put(version.get("_id"), version);
        return marked;
    }

    /** Writes the versions {@link #record} put aside, in one bulk write. */
    void write(Collection<Document> written) {
        if (!written.isEmpty()) {
            versions.bulkWrite(written.stream().<WriteModel<Document>>map(version -> new ReplaceOneModel<>(
                    Filters.eq("_id", version.get("_id")), version, new ReplaceOptions().upsert(true))).toList(),
                    new BulkWriteOptions().ordered(false));
        }
    }

    /** Whether two lines differ in nothing but the sequence number and their versions: no new version is due. */
    private static boolean sameFigures(Document before, Document changed) {
        return LineStore.sameBut(before, changed, LineStore.SEQ, COUNT, DAY);
    }

    /**
     * These lines as they stood at the end of {@code day}: a line whose newest version is of that day or
     * earlier as it is, an older one by its version of that day, and none for an item that had not entered
     * yet. A line kept before versions were ({@value #DAY} absent) is taken as it is.
     */
    public List<LineReader.Line> asOf(List<LineReader.Line> lines, LocalDate day) {
        List<LineReader.Line> found = new ArrayList<>(lines.size());
        Map<String, Search> searching = new HashMap<>();
        // days as ISO text (yyyy-MM-dd) sort as the days do: no line's day is parsed to compare it
        String asked = day.toString();
        for (LineReader.Line line : lines) {
            String newest = line.line().getString(DAY);
            if (newest == null || newest.compareTo(asked) <= 0) {
                found.add(line);
            } else {
                long count = ((Number) line.line().get(COUNT)).longValue();
                searching.put(line.itemId(), new Search(line, -1, count - 1));
            }
        }
        while (!searching.isEmpty()) {
            Map<String, String> probes = new HashMap<>();
            searching.values().removeIf(search -> {
                if (search.high - search.low <= 1) {
                    if (search.low >= 0) {
                        found.add(search.version());
                    }
                    return true;
                }
                probes.put(Keys.of(search.line.itemId(), search.middle()), search.line.itemId());
                return false;
            });
            for (List<String> batch : Slots.batches(List.copyOf(probes.keySet()))) {
                for (Document version : versions.find(Filters.in("_id", batch))) {
                    Search search = searching.get(probes.get(version.getString("_id")));
                    if (LocalDate.parse(version.getString("day")).isAfter(day)) {
                        search.high = search.probed;
                    } else {
                        search.low = search.probed;
                        search.found = version.get(LineStore.LINE, Document.class);
                    }
                }
            }
            // a version lost to a crash reads as later than the day, so the search still ends
            for (String probe : probes.keySet()) {
                Search search = searching.get(probes.get(probe));
                if (search != null && search.probed != search.low && search.probed != search.high) {
                    search.high = search.probed;
                }
            }
        }
        return found;
    }

    /** Forgets every version. */
    void reset() {
        versions.drop();
    }

    /** A binary search for one line's version: {@code low} is at most the day (or −1), {@code high} later. */
    private static final class Search {
        final LineReader.Line line;
        long low;
        long high;
        long probed;
        Document found;

        Search(LineReader.Line line, long low, long high) {
            this.line = line;
            this.low = low;
            this.high = high;
        }

        long middle() {
            probed = (low + high) >>> 1;
            return probed;
        }

        LineReader.Line version() {
            Document stored = new Document(line.stored());
            stored.put(LineStore.LINE, found);
            return new LineReader.Line(line.itemId(), stored);
        }
    }
}
