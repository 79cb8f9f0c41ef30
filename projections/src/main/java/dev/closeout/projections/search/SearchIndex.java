package dev.closeout.projections.search;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.closeout.projections.support.LineReader;
import dev.closeout.projections.support.LineStore;
import dev.closeout.projections.support.Slots;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * Every item's words and card held in memory, ranked with BM25, and kept in step with the
 * {@link SearchProjection search read model} by exact keys: before each search, one read of the
 * change log's counter; when it moved, the changes since, their items' index entries and lines, by
 * {@code _id $in}. It loads the read model whole when it starts, again when the read model was
 * rebuilt (a new epoch of the change log), and when it is more than {@value #CATCH_UP} changes behind.
 * <p>
 * A change numbered but not yet written (its writer between the counter and the insert) is waited for
 * on later searches, and passed over after {@link #GAP_TIMEOUT}: a writer that crashed there leaves a
 * number that is never filled.
 * <p>
 * Memory: per item its card (≈ 0.3 KB) and its distinct words (≈ 12 bytes each, the words themselves
 * shared), and per word and item 8 bytes of postings: about 1–2 KB an item with a paragraph of
 * description (measured in {@code SearchBenchmark}).
 */
public final class SearchIndex {

    static final Duration GAP_TIMEOUT = Duration.ofSeconds(10);
    /**
     * An index further behind the change log than this loads the read model whole rather than follow it change by
     * change: a rebuild's batches move the numbering on this far and record no change ({@link SearchProjection}).
     */
    static final int CATCH_UP = 10_000;
    private static final double K1 = 1.2;
    private static final double B = 0.75;

    /** An item found: its card, how many of the query's words it holds, and its BM25 score. */
    public record Hit(SearchCard card, int matched, double score) {
    }

    private record Item(int number, SearchCard card, String[] words, int[] counts, int length) {
    }

    private final MongoCollection<Document> fill;
    private final MongoCollection<Document> changes;
    private final MongoCollection<Document> itemIndex;
    private final MongoCollection<Document> lines;
    private final MongoCollection<Document> terms;
    private final LineReader reader;
    private final Clock clock;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    private final Map<String, Item> byKey = new HashMap<>();
    private final List<Item> byNumber = new ArrayList<>();
    private final Map<String, Postings> postings = new HashMap<>();
    private final Map<String, String[]> departmentWords = new HashMap<>();
    private final Map<Long, Instant> gaps = new HashMap<>();
    private long totalLength;
    private String epoch;
    private long next = -1;

    public SearchIndex(MongoDatabase database, Clock clock) {
        this.fill = database.getCollection(SearchProjection.FILL);
        this.changes = database.getCollection(SearchProjection.CHANGES);
        this.itemIndex = database.getCollection(SearchProjection.ITEM_INDEX);
        this.lines = database.getCollection(SearchProjection.LINES);
        this.terms = database.getCollection(SearchProjection.TERMS);
        this.reader = new LineReader(database, SearchProjection.LINES, SearchProjection.FILL);
        this.clock = clock;
    }

    /**
     * The items holding any of {@code words} that {@code filter} lets through, best first: those
     * holding more of the words, then by score. Ties are the caller's to break.
     */
    public List<Hit> search(List<String> words, Predicate<SearchCard> filter) {
        catchUp();
        lock.readLock().lock();
        try {
            int n = byKey.size();
            double averageLength = n == 0 ? 1 : Math.max(1, (double) totalLength / n);
            double[] scores = new double[byNumber.size()];
            int[] matched = new int[byNumber.size()];
            int[] touched = new int[byNumber.size()];
            int touchedCount = 0;
            for (String word : words) {
                Postings list = postings.get(word);
                if (list == null) {
                    continue;
                }
                double idf = Math.log(1 + (n - list.size() + 0.5) / (list.size() + 0.5));
                for (int i = 0; i < list.size(); i++) {
                    int number = list.item(i);
                    double tf = list.count(i);
                    double norm = K1 * (1 - B + B * byNumber.get(number).length() / averageLength);
                    if (matched[number]++ == 0) {
                        touched[touchedCount++] = number;
                    }
                    scores[number] += idf * tf * (K1 + 1) / (tf + norm);
                }
            }
            List<Hit> hits = new ArrayList<>();
            for (int t = 0; t < touchedCount; t++) {
                int number = touched[t];
                SearchCard card = byNumber.get(number).card();
                if (filter.test(card)) {
                    hits.add(new Hit(card, matched[number], scores[number]));
                }
            }
            hits.sort((a, b) -> a.matched() != b.matched() ? Integer.compare(b.matched(), a.matched())
                    : Double.compare(b.score(), a.score()));
            return hits;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** How many items the index holds, after catching up. */
    public int size() {
        catchUp();
        lock.readLock().lock();
        try {
            return byKey.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Reads what changed since the last search; loads everything on the first, and after a rebuild. */
    public void catchUp() {
        lock.writeLock().lock();
        try {
            Document counter = fill.find(Filters.eq("_id", SearchProjection.CHANGE_GROUP)).first();
            long count = counter == null || counter.get(Slots.COUNT) == null ? 0
                    : ((Number) counter.get(Slots.COUNT)).longValue();
            String current = counter == null ? null : counter.getString(SearchProjection.EPOCH);
            if (next < 0 || !Objects.equals(epoch, current) || count < next || count - next > CATCH_UP) {
                load(count, current);
            } else if (count > next || !gaps.isEmpty()) {
                follow(count);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The counter is read before the lines, so a line changed while loading is read again from the log. */
    private void load(long count, String current) {
        byKey.clear();
        byNumber.clear();
        postings.clear();
        gaps.clear();
        totalLength = 0;
        List<Document> cards = reader.lines(SearchProjection.TYPES).stream().map(LineReader.Line::stored).toList();
        put(cards);
        epoch = current;
        next = count;
    }

    private void follow(long count) {
        List<String> wanted = new ArrayList<>();
        for (long gap : gaps.keySet()) {
            wanted.add(Slots.key(SearchProjection.CHANGE_GROUP, gap));
        }
        for (long slot = next; slot < count; slot++) {
            wanted.add(Slots.key(SearchProjection.CHANGE_GROUP, slot));
        }
        Map<String, String> items = new HashMap<>();
        for (List<String> batch : Slots.batches(wanted)) {
            changes.find(Filters.in("_id", batch))
                    .forEach(d -> items.put(d.getString("_id"), d.getString(LineStore.ITEM)));
        }
        Instant now = clock.instant();
        for (long slot = next; slot < count; slot++) {
            if (!items.containsKey(Slots.key(SearchProjection.CHANGE_GROUP, slot))) {
                gaps.put(slot, now);
            }
        }
        gaps.keySet().removeIf(slot -> items.containsKey(Slots.key(SearchProjection.CHANGE_GROUP, slot)));
        gaps.values().removeIf(since -> since.plus(GAP_TIMEOUT).isBefore(now));
        next = count;
        List<String> keys = new ArrayList<>();
        for (List<String> batch : Slots.batches(List.copyOf(new LinkedHashSet<>(items.values())))) {
            itemIndex.find(Filters.in("_id", batch)).forEach(d -> keys.add(d.getString(LineStore.AT)));
        }
        List<Document> cards = new ArrayList<>();
        for (List<String> batch : Slots.batches(keys)) {
            lines.find(Filters.in("_id", batch)).forEach(cards::add);
        }
        put(cards);
    }

    /** Puts the items of these line documents, reading the words of those not held yet. */
    private void put(Collection<Document> stored) {
        Map<String, SearchCard> cards = new LinkedHashMap<>();
        for (Document d : stored) {
            SearchCard card = SearchCard.fromDocument(d.get(LineStore.LINE, Document.class));
            cards.put(card.key(), card);
        }
        List<String> unknown = cards.keySet().stream().filter(k -> !byKey.containsKey(k)).toList();
        Map<String, String> text = new HashMap<>();
        for (List<String> batch : Slots.batches(unknown)) {
            terms.find(Filters.in("_id", batch)).forEach(d -> text.put(d.getString("_id"), d.getString("terms")));
        }
        cards.values().forEach(card -> put(card, text.get(card.key())));
    }

    private void put(SearchCard card, String text) {
        Item held = byKey.get(card.key());
        if (held != null && held.card().seq() > card.seq()) {
            return;
        }
        if (held != null && Objects.equals(held.card().department(), card.department())) {
            Item item = new Item(held.number(), card, held.words(), held.counts(), held.length());
            byKey.put(card.key(), item);
            byNumber.set(item.number(), item);
            return;
        }
        List<String> words = new ArrayList<>();
        if (held != null) {
            unpost(held);
            words.addAll(textWords(held));
        } else if (text != null && !text.isEmpty()) {
            words.addAll(Arrays.asList(text.split(" ")));
        }
        String[] department = departmentWords.computeIfAbsent(String.valueOf(card.department()),
                d -> card.department() == null ? new String[0] : SearchText.terms(d).toArray(String[]::new));
        words.addAll(Arrays.asList(department));
        int number = held == null ? byNumber.size() : held.number();
        Map<String, Integer> counts = new LinkedHashMap<>();
        words.forEach(w -> counts.merge(w, 1, Integer::sum));
        String[] distinct = new String[counts.size()];
        int[] tf = new int[counts.size()];
        int i = 0;
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            Postings list = postings.computeIfAbsent(entry.getKey(), Postings::new);
            list.add(number, entry.getValue());
            distinct[i] = list.word;
            tf[i++] = entry.getValue();
        }
        Item item = new Item(number, card, distinct, tf, words.size());
        if (held == null) {
            byNumber.add(item);
        } else {
            byNumber.set(number, item);
        }
        byKey.put(card.key(), item);
        totalLength += item.length();
    }

    private void unpost(Item item) {
        for (String word : item.words()) {
            Postings list = postings.get(word);
            list.remove(item.number());
            if (list.size() == 0) {
                postings.remove(word);
            }
        }
        totalLength -= item.length();
    }

    /** The words of an item's own text: its words less those of its department. */
    private List<String> textWords(Item item) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < item.words().length; i++) {
            counts.put(item.words()[i], item.counts()[i]);
        }
        for (String word : departmentWords.getOrDefault(String.valueOf(item.card().department()), new String[0])) {
            counts.merge(word, -1, Integer::sum);
        }
        List<String> words = new ArrayList<>();
        counts.forEach((word, count) -> {
            for (int c = 0; c < count; c++) {
                words.add(word);
            }
        });
        return words;
    }
}
