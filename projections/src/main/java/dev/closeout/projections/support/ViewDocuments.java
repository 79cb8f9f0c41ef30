package dev.closeout.projections.support;

import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A read model of one document per item: a view record mapped by {@link DocumentMapper}, keyed by
 * the item's id, whose {@value #VERSION} is the sequence number of the last event folded in. Its
 * projection writes it and the API reads it, by exact keys that an index serves on every server.
 * <p>
 * The projection's instance holds the views it wrote last ({@value #HELD} at most, least recently written out
 * first), so that the next batch changing one, a replay's next batch or the item's next command, neither reads it
 * back nor turns it into a record again. A held view is replaced only where the store still has it at the version
 * held (filter {@code {_id, version}}, an exact key): a view at a version is what the item's events up to it make
 * of it, so the filter tells a held view from one another writer moved on (a second instance that had the
 * processor for a while). A batch one of whose replacements finds its view moved on is applied again to what the
 * store holds; what the first attempt wrote is not applied twice, since each change applies only above the stored
 * version. A batch that delivers again an event a held view reflects (after a crash, or to an instance taking the
 * processor over from another that may not have written as far) reads that view from the store instead. An item
 * the batch only creates is not read first: its view is inserted with {@code $setOnInsert}, which leaves one
 * already there as it is (a registration delivered again), and held only where it was inserted. A view's stored
 * version otherwise only grows while the application runs (a backup is restored into an empty store, the
 * application stopped).
 */
public class ViewDocuments<V> {

    /** The field holding the sequence number of the last event a view reflects. */
    public static final String VERSION = "version";

    /** How many views a projection holds between batches. */
    public static final int HELD = 10_000;

    private final MongoCollection<Document> views;
    private final Class<V> type;
    private final Function<V, String> idOf;
    /** The views written or read last, by id; the projection's processor thread and {@link #deleteAll()} alone. */
    private final Map<String, Held<V>> held;

    protected ViewDocuments(MongoCollection<Document> views, Class<V> type, Function<V, String> idOf) {
        this.views = views;
        this.type = type;
        this.idOf = idOf;
        this.held = LastUsed.map(HELD);
    }

    public Optional<V> find(String id) {
        return Optional.ofNullable(views.find(Filters.eq("_id", id)).first()).map(this::view);
    }

    /** The views of these items, in no particular order; unknown ids are left out. */
    public List<V> findAll(Collection<String> ids) {
        return Slots.byKey(views, ids, null).values().stream().map(this::view).toList();
    }

    /** Which of these items have a view stored: their ids alone are read. */
    public Set<String> stored(Collection<String> ids) {
        return Slots.byKey(views, ids, Projections.include("_id")).keySet();
    }

    /**
     * The view, if the stored one has folded in event {@code version} (or a later one): one read, where asking for
     * the version and then for the view is two. Empty when there is no view yet or it is older.
     */
    public Optional<V> findAtLeast(String id, long version) {
        Document document = views.find(Filters.eq("_id", id)).first();
        return document != null && version(document) >= version ? Optional.of(view(document)) : Optional.empty();
    }

    /** The stored version (last event sequence number folded in), or -1 when not yet projected. */
    public long version(String id) {
        Document d = views.find(Filters.eq("_id", id)).projection(new Document(VERSION, 1)).first();
        return d == null ? -1 : ((Number) d.get(VERSION)).longValue();
    }

    /** Stores an item's first view, unless it has one already (a redelivered first event changes nothing). */
    public void create(V view) {
        EndOfBatch.gather(this, new Step<>(idOf.apply(view), -1, view, null), this::write);
    }

    /** Forgets every view, for a rebuild. */
    public void deleteAll() {
        synchronized (held) {
            held.clear();
        }
        views.drop();
    }

    /**
     * Stores what event {@code seq} made of an item's view, unless the view already reflects it
     * (a redelivered event changes nothing). The item's first event must have made its view.
     * In a processor batch the views are read once, changed in memory event by event and written in one
     * bulk write at the batch's end ({@link EndOfBatch}).
     */
    public void update(String id, long seq, UnaryOperator<V> change) {
        EndOfBatch.gather(this, new Step<>(id, seq, null, change), this::write);
    }

    /** A view created ({@code created} given) or changed by event {@code seq}. */
    private record Step<T>(String id, long seq, T created, UnaryOperator<T> change) {
    }

    /** A view as this instance last wrote or read it, at its version. */
    private record Held<T>(T view, long version) {
    }

    /** The steps of one batch, written together. */
    private void write(List<Step<V>> steps) {
        List<String> ids = steps.stream().map(Step::id).distinct().toList();
        Map<String, Held<V>> current = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        synchronized (held) {
            for (String id : ids) {
                Held<V> view = held.remove(id);
                if (view == null) {
                    unknown.add(id);
                } else {
                    current.put(id, view);
                }
            }
        }
        // an event the held view already reflects is delivered again: after a crash, or to an instance taking the
        // processor over where another had got to, whose view in the store may be behind the held one
        for (Step<V> step : steps) {
            Held<V> view = current.get(step.id());
            if (view != null && (step.created() != null || step.seq() <= view.version())) {
                current.remove(step.id());
                unknown.add(step.id());
            }
        }
        // false: a held view was moved on by another writer, so the batch is applied to the store's views instead
        if (!write(steps, current, unknown) && !write(steps, new HashMap<>(), ids)) {
            throw new IllegalStateException("The views of " + ids + " in " + views.getNamespace().getCollectionName()
                    + " changed while this batch wrote them");
        }
    }

    /**
     * Applies the steps to the views held ({@code current}) and to those read for {@code unknown} ids, and writes
     * the views they changed; false, holding nothing of them, when a held view was not at its version in the store.
     */
    private boolean write(List<Step<V>> steps, Map<String, Held<V>> current, List<String> unknown) {
        Map<String, Long> heldVersions = new HashMap<>();
        current.forEach((id, view) -> heldVersions.put(id, view.version()));
        // an item the batch only creates is not read: its view is inserted unless there is one (a redelivery)
        Map<String, Long> stepsOf = steps.stream().collect(Collectors.groupingBy(Step::id, Collectors.counting()));
        Set<String> onlyCreated = steps.stream().filter(step -> step.created() != null && stepsOf.get(step.id()) == 1
                && !heldVersions.containsKey(step.id())).map(Step::id).collect(Collectors.toSet());
        Slots.byKey(views, unknown.stream().filter(id -> !onlyCreated.contains(id)).toList(), null)
                .forEach((id, document) -> current.put(id, new Held<>(view(document), version(document))));
        Map<String, Document> changed = new LinkedHashMap<>();
        for (Step<V> step : steps) {
            Held<V> stored = current.get(step.id());
            if (step.created() != null) {
                if (stored == null) {
                    Document document = document(step.created());
                    current.put(step.id(), new Held<>(step.created(), version(document)));
                    changed.put(step.id(), document);
                }
                continue;
            }
            if (stored == null) {
                throw new IllegalStateException("No view of " + step.id() + " in "
                        + views.getNamespace().getCollectionName() + " to apply event " + step.seq() + " to");
            }
            if (step.seq() > stored.version()) {
                V view = step.change().apply(stored.view());
                Document document = document(view);
                current.put(step.id(), new Held<>(view, version(document)));
                changed.put(step.id(), document);
            }
        }
        if (!changed.isEmpty()) {
            List<WriteModel<Document>> writes = new ArrayList<>(changed.size());
            for (Map.Entry<String, Document> view : changed.entrySet()) {
                String id = view.getKey();
                Long heldVersion = heldVersions.get(id);
                if (onlyCreated.contains(id)) {
                    Document fields = new Document(view.getValue());
                    fields.remove("_id");
                    writes.add(new UpdateOneModel<>(Filters.eq("_id", id), new Document("$setOnInsert", fields),
                            new UpdateOptions().upsert(true)));
                } else if (heldVersion != null) {
                    // where the store still has the version held: nothing else moved the view on meanwhile
                    writes.add(new ReplaceOneModel<>(new Document("_id", id).append(VERSION, heldVersion),
                            view.getValue()));
                } else {
                    writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), view.getValue(),
                            new ReplaceOptions().upsert(true)));
                }
            }
            // taken out of what is held until written: a failed write leaves them to be read from the store
            BulkWriteResult result = views.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            if (result.getMatchedCount() + result.getUpserts().size() < writes.size()) {
                return false;
            }
            // a view only created that was there already is as the store holds it, unknown here: not held
            Set<String> inserted = new HashSet<>();
            List<String> written = List.copyOf(changed.keySet());
            result.getUpserts().forEach(upsert -> inserted.add(written.get(upsert.getIndex())));
            onlyCreated.stream().filter(id -> !inserted.contains(id)).forEach(current::remove);
        }
        synchronized (held) {
            held.putAll(current);
        }
        return true;
    }

    private static long version(Document document) {
        return ((Number) document.get(VERSION)).longValue();
    }

    private Document document(V view) {
        Document document = DocumentMapper.toDocument(view);
        document.put("_id", idOf.apply(view));
        return document;
    }

    private V view(Document document) {
        return DocumentMapper.fromDocument(document, type);
    }
}
