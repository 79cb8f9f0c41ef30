package dev.closeout.projections.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
    private static final int IN_BATCH = Slots.IN_BATCH;

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
        List<String> all = List.copyOf(ids);
        List<V> found = new ArrayList<>(all.size());
        for (int from = 0; from < all.size(); from += IN_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + IN_BATCH));
            for (Document d : views.find(Filters.in("_id", batch))) {
                found.add(view(d));
            }
        }
        return found;
    }

    /** The stored version (last event sequence number folded in), or -1 when not yet projected. */
    public long version(String id) {
        Document d = views.find(Filters.eq("_id", id)).projection(new Document(VERSION, 1)).first();
        return d == null ? -1 : ((Number) d.get(VERSION)).longValue();
    }

    /** Stores an item's first view, unless it has one already (a redelivered first event changes nothing). */
    public void create(V view) {
        if (find(idOf.apply(view)).isEmpty()) {
            save(view);
        }
    }

    /** Forgets every view, for a rebuild. */
    public void deleteAll() {
        views.deleteMany(new Document());
    }

    private void save(V view) {
        Document document = DocumentMapper.toDocument(view);
        String id = idOf.apply(view);
        document.put("_id", id);
        views.replaceOne(Filters.eq("_id", id), document, new ReplaceOptions().upsert(true));
    }

    /**
     * Stores what event {@code seq} made of an item's view, unless the view already reflects it
     * (a redelivered event changes nothing). The item's first event must have made its view.
     */
    public void update(String id, long seq, UnaryOperator<V> change) {
        Document stored = views.find(Filters.eq("_id", id)).first();
        if (stored == null) {
            throw new IllegalStateException("No view of " + id + " in " + views.getNamespace().getCollectionName()
                    + " to apply event " + seq + " to");
        }
        if (seq > ((Number) stored.get(VERSION)).longValue()) {
            save(change.apply(view(stored)));
        }
    }

    private V view(Document document) {
        return DocumentMapper.fromDocument(document, type);
    }
}
