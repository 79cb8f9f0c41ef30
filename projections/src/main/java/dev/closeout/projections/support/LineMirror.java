package dev.closeout.projections.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A copy in memory of the lines of the groups read recently, brought up to date at every read from the groups'
 * {@link ChangeLog}: a read costs one query for the groups' counters and, for a group written since, its new
 * changes and the lines they name, all by exact keys, instead of every line of every group asked for. The
 * answer is what a read of every line would have given at the moment the counters were read.
 * <p>
 * A group is read whole the first time, when its counter names another {@link ChangeLog#EPOCH epoch} (the read
 * model was rebuilt), when its copy is more than {@value #CATCH_UP} changes behind, and once it is older than
 * {@link #FULL_READ_EVERY}, so that a line written without a change recorded (by an instance of an earlier
 * version during a rolling upgrade) is not missed for longer than that. A change numbered but not found is
 * looked for again at each read for {@link #GAP_TIMEOUT}, as the event store's gaps are. A group without an
 * epoch (no change recorded yet) is read whole every time.
 * <p>
 * At most {@code capacity} lines are held; the groups read least recently are dropped first. A read asking for
 * more lines than that uses the groups held and reads the others from the store, holding none of them. Readers
 * must not change the documents they are given: they are shared.
 */
public final class LineMirror {

    /** A copy this far behind its group's changes reads the group whole rather than change by change. */
    static final int CATCH_UP = 1_000;
    /** How long a change numbered but not yet recorded is looked for again (Axon's gap timeout is a minute). */
    static final Duration GAP_TIMEOUT = Duration.ofMinutes(5);
    /** How old a group's copy may grow before the group is read whole again. */
    static final Duration FULL_READ_EVERY = Duration.ofMinutes(10);

    private final MongoCollection<Document> lines;
    private final MongoCollection<Document> counters;
    private final MongoCollection<Document> changes;
    private final int capacity;
    private final Clock clock;
    /** The groups held, least recently read first. */
    private final LinkedHashMap<String, Group> groups = new LinkedHashMap<>(16, 0.75f, true);
    private int held;

    public LineMirror(MongoDatabase database, String lines, String counters, String changes, int capacity,
                      Clock clock) {
        this.lines = database.getCollection(lines);
        this.counters = database.getCollection(counters);
        this.changes = database.getCollection(changes);
        this.capacity = capacity;
        this.clock = clock;
    }

    /** Every line of these groups, in no particular order. */
    public List<LineReader.Line> lines(Collection<String> names) {
        List<Document> found = new ArrayList<>();
        for (List<String> batch : Slots.batches(List.copyOf(new LinkedHashSet<>(names)))) {
            counters.find(Filters.in("_id", batch))
                    .projection(Projections.include(Slots.COUNT, ChangeLog.CHANGES, ChangeLog.EPOCH))
                    .into(found);
        }
        long asked = 0;
        for (Document counter : found) {
            asked += count(counter, Slots.COUNT);
        }
        synchronized (this) {
            Set<String> present = new LinkedHashSet<>();
            found.forEach(counter -> present.add(counter.getString("_id")));
            for (String name : names) {
                if (!present.contains(name)) {
                    drop(name);  // reset: its copy is of lines no longer stored
                }
            }
            // a read of more lines than may be held uses the groups held, but holds no more
            return catchUp(found, asked <= capacity);
        }
    }

    /** How many lines are held now. */
    public synchronized int held() {
        return held;
    }

    private List<LineReader.Line> catchUp(List<Document> counters, boolean room) {
        Instant now = clock.instant();
        List<Document> whole = new ArrayList<>();
        Map<String, Group> following = new LinkedHashMap<>();
        Map<String, Missing> byChange = new HashMap<>();
        for (Document counter : counters) {
            String name = counter.getString("_id");
            String epoch = counter.getString(ChangeLog.EPOCH);
            long numbered = count(counter, ChangeLog.CHANGES);
            Group group = groups.get(name);
            if (epoch == null || group == null || !epoch.equals(group.epoch) || numbered - group.numbered > CATCH_UP
                    || group.readWhole.plus(FULL_READ_EVERY).isBefore(now)) {
                whole.add(counter);
                if (!room) {
                    drop(name);
                }
                continue;
            }
            // another reader may have brought the copy past these counters already: it is then newer than asked
            for (long number = group.numbered; number < numbered; number++) {
                group.gaps.putIfAbsent(number, now);
            }
            group.numbered = Math.max(group.numbered, numbered);
            group.gaps.keySet().forEach(number -> byChange.put(ChangeLog.key(name, number), new Missing(group, number)));
            following.put(name, group);
        }
        List<LineReader.Line> answer = new ArrayList<>(readWhole(whole));
        if (room) {
            hold(whole, answer, now);
        }
        // the changes numbered since each group was last read, and those still missing then
        Map<String, Group> byLine = new HashMap<>();
        for (List<String> batch : Slots.batches(List.copyOf(byChange.keySet()))) {
            for (Document change : changes.find(Filters.in("_id", batch))) {
                Missing found = byChange.get(change.getString("_id"));
                found.group.gaps.remove(found.number);
                byLine.put(change.getString(ChangeLog.AT), found.group);
            }
        }
        for (LineReader.Line line : LineReader.fetch(lines, List.copyOf(byLine.keySet()))) {
            String key = line.stored().getString("_id");
            if (byLine.get(key).lines.put(key, line) == null) {
                held++;
            }
        }
        for (Group group : following.values()) {
            group.gaps.values().removeIf(seen -> seen.plus(GAP_TIMEOUT).isBefore(now));
            answer.addAll(group.lines.values());
        }
        evict();
        return answer;
    }

    /** Keeps the lines just read whole as the copies of their groups. */
    private void hold(List<Document> counters, List<LineReader.Line> read, Instant now) {
        if (counters.isEmpty()) {
            return;
        }
        Map<String, Group> fresh = new HashMap<>();
        for (Document counter : counters) {
            String name = counter.getString("_id");
            drop(name);
            String epoch = counter.getString(ChangeLog.EPOCH);
            if (epoch != null) {
                Group group = new Group(epoch, count(counter, ChangeLog.CHANGES), now);
                groups.put(name, group);
                fresh.put(name, group);
            }
        }
        for (LineReader.Line line : read) {
            String key = line.stored().getString("_id");
            Group group = fresh.get(Keys.first(key));
            if (group != null) {
                group.lines.put(key, line);
                held++;
            }
        }
    }

    /** Every line of the groups these counters count, by the keys of their slots. */
    private List<LineReader.Line> readWhole(List<Document> counters) {
        List<String> keys = new ArrayList<>();
        counters.forEach(counter -> keys.addAll(Slots.keys(counter)));
        return LineReader.fetch(lines, keys);
    }

    private void drop(String name) {
        Group gone = groups.remove(name);
        if (gone != null) {
            held -= gone.lines.size();
        }
    }

    /** Drops the groups read least recently until at most {@code capacity} lines are held. */
    private void evict() {
        var oldest = groups.entrySet().iterator();
        while (held > capacity && oldest.hasNext()) {
            held -= oldest.next().getValue().lines.size();
            oldest.remove();
        }
    }

    private static long count(Document counter, String field) {
        Object value = counter.get(field);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** A change of a group looked for. */
    private record Missing(Group group, long number) {
    }

    /** The copy of one group's lines, as of its first {@code numbered} changes, less those still missing. */
    private static final class Group {
        final String epoch;
        final Instant readWhole;
        final Map<String, LineReader.Line> lines = new HashMap<>();
        /** Changes numbered but not found yet, and when first looked for. */
        final Map<Long, Instant> gaps = new HashMap<>();
        long numbered;

        Group(String epoch, long numbered, Instant readWhole) {
            this.epoch = epoch;
            this.numbered = numbered;
            this.readWhole = readWhole;
        }
    }
}
