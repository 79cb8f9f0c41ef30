package dev.closeout.projections.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.closeout.projections.support.Slots;
import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static dev.closeout.projections.audit.AuditTrailProjection.ALL;
import static dev.closeout.projections.audit.AuditTrailProjection.DONE;
import static dev.closeout.projections.audit.AuditTrailProjection.ENTRY_PAGE;

/**
 * Reads the audit trail a page at a time (decision 0010), by exact keys only. A page walks one
 * list: the smallest of the lists its filters name (an actor's, a department's, an event type's),
 * or every position when it names none, starting after the reader's cursor (found in the list by a
 * binary search over its slots) and, with a day range, within the positions those days span. The
 * other filters are checked in memory, on entries that carry the filtered fields (read a page of
 * {@value AuditTrailProjection#ENTRY_PAGE} slots at a time), and only the lines that pass are fetched.
 * <p>
 * What a page guarantees: its events match every filter, in trail order, after {@code after}; no
 * event that matches lies between {@code after} and {@code next} without being on the page. A page
 * looks through at most {@value #LOOK_AHEAD} candidates, so a sparse filter may answer fewer than
 * {@code limit} events (even none) with {@code more = true}: read on from {@code next}. With
 * {@code more = false} the trail held nothing further that matches when it was read.
 */
public class AuditTrail {

    /** How many candidates one page looks through at most. */
    public static final int LOOK_AHEAD = 2_000;
    private static final int CHUNK = 500;

    private final MongoCollection<Document> lines;
    private final MongoCollection<Document> lists;
    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> days;

    public AuditTrail(MongoDatabase database) {
        this.lines = database.getCollection(AuditTrailProjection.LINES);
        this.lists = database.getCollection(AuditTrailProjection.LISTS);
        this.entries = database.getCollection(AuditTrailProjection.ENTRIES);
        this.days = database.getCollection(AuditTrailProjection.DAYS);
    }

    /** A page and the cursor to read on from ({@code after} itself when nothing was looked through). */
    public record Page(List<TrailLine> events, long next, boolean more) {
    }

    public Page page(TrailQuery query) {
        long start = Math.max(0, query.after());
        long end = written();
        if (query.from() != null && query.to() != null) {
            long[] span = span(query.from(), query.to());
            if (span == null) {
                return new Page(List.of(), query.after(), false);
            }
            start = Math.max(start, span[0] - 1);
            end = Math.min(end, span[1]);
        }
        Map<String, Long> sizes = sizes(query);
        if (sizes.values().stream().anyMatch(size -> size == 0)) {
            return new Page(List.of(), query.after(), false);
        }
        String smallest = sizes.entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(null);
        Page page = smallest == null ? walkAll(query, start, end) : walkList(query, smallest, sizes.get(smallest),
                start, end);
        return page.next() < query.after() ? new Page(page.events(), query.after(), page.more()) : page;
    }

    /** Every position up to this one is written, line and entries. */
    private long written() {
        Document all = lists.find(Filters.eq("_id", ALL)).first();
        return all == null || all.get(DONE) == null ? 0 : ((Number) all.get(DONE)).longValue();
    }

    /** The first and last position the days {@code from .. to} span, or null when none has an event. */
    private long[] span(LocalDate from, LocalDate to) {
        List<String> keys = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            keys.add(day.toString());
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Document day : days.find(Filters.in("_id", keys))) {
            first = Math.min(first, ((Number) day.get("first")).longValue());
            last = Math.max(last, ((Number) day.get("last")).longValue());
        }
        return first == Long.MAX_VALUE ? null : new long[]{first, last};
    }

    /** The lists the query's filters name, each with how many slots it has. */
    private Map<String, Long> sizes(TrailQuery query) {
        List<String> named = new ArrayList<>();
        if (query.actor() != null) {
            named.add(AuditTrailProjection.list("actor", query.actor()));
        }
        if (query.department() != null) {
            named.add(AuditTrailProjection.list("department", query.department()));
        }
        if (query.type() != null) {
            named.add(AuditTrailProjection.list("type", query.type()));
        }
        Map<String, Long> sizes = new HashMap<>();
        named.forEach(list -> sizes.put(list, 0L));
        if (!named.isEmpty()) {
            for (Document counter : lists.find(Filters.in("_id", named))) {
                sizes.put(counter.getString("_id"), ((Number) counter.get(Slots.COUNT)).longValue());
            }
        }
        return sizes;
    }

    /** No list to walk: every position in turn, filtering the lines themselves (a day range, or nothing). */
    private Page walkAll(TrailQuery query, long start, long end) {
        List<TrailLine> found = new ArrayList<>();
        long position = start;
        while (position < end) {
            if (position - start >= LOOK_AHEAD) {
                return new Page(found, position, true);
            }
            long to = Math.min(end, position + Math.min(CHUNK, Math.max(query.limit() * 2L, 50)));
            Map<Long, Document> chunk = new HashMap<>();
            for (Document line : lines.find(Filters.in("_id", LongStream.rangeClosed(position + 1, to).boxed()
                    .toList()))) {
                chunk.put(((Number) line.get("_id")).longValue(), line);
            }
            for (long p = position + 1; p <= to; p++) {
                position = p;
                Document line = chunk.get(p);
                if (line != null && query.accepts(line.getString("actor"), line.getString("type"),
                        departments(line), LocalDate.parse(line.getString("day")))) {
                    found.add(line(line));
                    if (found.size() == query.limit()) {
                        return new Page(found, p, true);
                    }
                }
            }
        }
        return new Page(found, Math.max(start, position), false);
    }

    /** Walks the slots of one list from the first entry past {@code start}. */
    private Page walkList(TrailQuery query, String list, long size, long start, long end) {
        List<Long> wanted = new ArrayList<>();
        long last = start;
        long examined = 0;
        long slot = firstAfter(list, size, start);
        boolean more = false;
        Map<String, Document> pages = new HashMap<>();
        walk:
        while (slot < size) {
            long to = Math.min(size, slot + CHUNK);
            readPages(list, slot, to, pages);
            for (long s = slot; s < to; s++) {
                slot++;
                Document entry = entry(pages, list, s);
                if (entry == null) {
                    continue;
                }
                long p = ((Number) entry.get("p")).longValue();
                if (p <= last) {
                    continue;
                }
                if (p > end) {
                    break walk;
                }
                last = p;
                examined++;
                if (query.accepts(entry.getString("actor"), entry.getString("type"),
                        entry.getList("departments", String.class), LocalDate.parse(entry.getString("day")))) {
                    wanted.add(p);
                    if (wanted.size() == query.limit()) {
                        more = true;
                        break walk;
                    }
                }
                if (examined >= LOOK_AHEAD) {
                    more = true;
                    break walk;
                }
            }
        }
        return new Page(lines(wanted), last, more);
    }

    /** Reads the entry pages holding slots {@code from} (inclusive) to {@code to} (exclusive) into {@code pages}. */
    private void readPages(String list, long from, long to, Map<String, Document> pages) {
        List<String> keys = LongStream.rangeClosed(from / ENTRY_PAGE, (to - 1) / ENTRY_PAGE)
                .mapToObj(page -> Slots.key(list, page)).filter(key -> !pages.containsKey(key)).toList();
        pages.putAll(Slots.byKey(entries, keys, null));
        keys.forEach(key -> pages.putIfAbsent(key, new Document()));
    }

    /** The entry at {@code slot} of {@code list} among pages read, or null when the slot holds none. */
    private static Document entry(Map<String, Document> pages, String list, long slot) {
        Document page = pages.get(AuditTrailProjection.entryPage(list, slot));
        return page == null ? null : page.get(String.valueOf(slot % ENTRY_PAGE), Document.class);
    }

    /** The first slot of {@code list} whose position is past {@code start} ({@code size} when none is). */
    private long firstAfter(String list, long size, long start) {
        Map<String, Document> pages = new HashMap<>();
        long low = 0;
        long high = size;
        while (low < high) {
            long mid = (low + high) >>> 1;
            long probe = mid;
            Document entry = null;
            while (probe < high && (entry = probe(pages, list, probe)) == null) {
                probe++;
            }
            if (entry == null) {
                high = mid;
            } else if (((Number) entry.get("p")).longValue() <= start) {
                low = probe + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The entry at {@code slot}, its page read (once) when not read yet. */
    private Document probe(Map<String, Document> pages, String list, long slot) {
        if (!pages.containsKey(AuditTrailProjection.entryPage(list, slot))) {
            readPages(list, slot, slot + 1, pages);
        }
        return entry(pages, list, slot);
    }

    private List<TrailLine> lines(List<Long> positions) {
        Map<Long, TrailLine> found = new HashMap<>();
        for (List<Long> batch : Slots.batches(positions)) {
            for (Document line : lines.find(Filters.in("_id", batch))) {
                TrailLine read = line(line);
                found.put(read.position(), read);
            }
        }
        return positions.stream().map(found::get).filter(line -> line != null).toList();
    }

    private static List<String> departments(Document line) {
        List<String> departments = new ArrayList<>(2);
        if (line.getString("department") != null) {
            departments.add(line.getString("department"));
        }
        if (line.getString("itemDepartment") != null) {
            departments.add(line.getString("itemDepartment"));
        }
        return departments;
    }

    private static TrailLine line(Document d) {
        return new TrailLine(((Number) d.get("_id")).longValue(), ((Number) d.get("globalIndex")).longValue(),
                Instant.parse(d.getString("at")), LocalDate.parse(d.getString("day")), d.getString("itemType"),
                d.getString("itemId"), d.getString("type"), d.getString("actor"), d.getString("role"),
                d.getString("department"), d.getString("itemDepartment"), d.getString("text"), d.getString("path"));
    }
}
