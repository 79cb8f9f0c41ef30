package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

import java.util.List;
import java.util.Map;

/**
 * The {@code _id} index of a collection in the embedded store: the collection's document map itself,
 * which is keyed by {@code _id} and ordered as MongoDB orders values ({@link IdDataType}). The backend
 * kept a second map from each {@code _id} to that same {@code _id}, written on every insert in the
 * same commit as the document: one more map for every commit to serialize, and as many keys again in
 * the file.
 *
 * <p>The backend checks every index before it puts a new document and adds the document to every
 * index after: {@link #checkAdd} refuses an {@code _id} the map holds, and {@link #add} has nothing left
 * to do. Removing a document removes its key with it. An update cannot change an {@code _id} (the
 * backend refuses one before any index sees it).
 */
final class IdIndex extends EmbeddedUniqueIndex {

    private final MVMap<Object, ?> documents;

    IdIndex(MVMap<Object, ?> documents, String name, List<IndexKey> keys) {
        super(name, keys, false);
        this.documents = documents;
    }

    /** The {@code _id} as the map holds it, which the collection and its other indexes use as the position. */
    @Override
    protected Object getPosition(KeyValue key) {
        return positionOf(key.get(0));
    }

    /** The key under which the map holds the document of this {@code _id} (1 finds 1L), or null when none. */
    Object positionOf(Object value) {
        Object id = Missing.ofNullable(value);
        Object stored = documents.ceilingKey(id);
        return stored != null && documents.getKeyType().compare(stored, id) == 0 ? stored : null;
    }

    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        // the collection has put the document under its _id
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Object position,
                              MongoCollection<Object> collection) {
        if (!nullAwareEqualsKeys(oldDocument, newDocument)) {
            throw new IllegalStateException("An update changed the _id of " + position + " in " + collection);
        }
    }

    @Override
    protected Object removeDocument(KeyValue key) {
        return getPosition(key);
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        throw new UnsupportedOperationException("The document map holds the _id " + position);
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return () -> documents.keySet().stream().map(id -> Map.entry(new KeyValue(id), id)).iterator();
    }

    @Override
    public long getCount() {
        return documents.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return documents.isEmpty();
    }
}
