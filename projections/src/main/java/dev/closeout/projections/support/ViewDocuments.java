package dev.closeout.projections.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A read model of one document per item: a view record mapped by {@link DocumentMapper}, keyed by
 * the item's id, whose {@value #VERSION} is the sequence number of the last event folded in. Its
 * projection writes it and the API reads it, by exact keys that an index serves on every server.
 */
public class ViewDocuments<V> {

    /** The field holding the sequence number of the last event a view reflects. */
    public static final String VERSION = "version";

    private final MongoCollection<Document> views;
    private final Class<V> type;
    private final Function<V, String> idOf;

    protected ViewDocuments(MongoCollection<Document> views, Class<V> type, Function<V, String> idOf) {
        this.views = views;
        this.type = type;
        this.idOf = idOf;
    }

    public Optional<V> find(String id) {
        return Optional.ofNullable(views.find(Filters.eq("_id", id)).first()).map(this::view);
    }

    /** The views of these items, in no particular order; unknown ids are left out. */
    public List<V> findAll(Collection<String> ids) {
        return Slots.byKey(views, ids, null).values().stream().map(this::view).toList();
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

    /** The steps of one batch, written together. */
    private void write(List<Step<V>> steps) {
        Map<String, Document> current = Slots.byKey(views, steps.stream().map(Step::id).distinct().toList(), null);
        Map<String, Document> changed = new LinkedHashMap<>();
        for (Step<V> step : steps) {
            Document stored = current.get(step.id());
            if (step.created() != null) {
                if (stored == null) {
                    Document document = document(step.created());
                    current.put(step.id(), document);
                    changed.put(step.id(), document);
                }
                continue;
            }
            if (stored == null) {
                throw new IllegalStateException("No view of " + step.id() + " in "
                        + views.getNamespace().getCollectionName() + " to apply event " + step.seq() + " to");
            }
            if (step.seq() > ((Number) stored.get(VERSION)).longValue()) {
                Document document = document(step.change().apply(view(stored)));
                current.put(step.id(), document);
                changed.put(step.id(), document);
            }
        }
        if (!changed.isEmpty()) {
            views.bulkWrite(changed.values().stream().<WriteModel<Document>>map(document -> new ReplaceOneModel<>(
                    Filters.eq("_id", document.get("_id")), document, new ReplaceOptions().upsert(true)))
                    .toList(), new BulkWriteOptions().ordered(false));
        }
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
