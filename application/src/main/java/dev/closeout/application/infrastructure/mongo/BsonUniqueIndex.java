package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.MVMap;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A unique index of the embedded store over an H2 map whose keys are {@link IndexKeyDataType}'s;
 * the backend's own {@code H2UniqueIndex} does the same over any map, but cannot be built outside
 * its package.
 *
 * <p>It also serves a query that gives every key of the index a plain value and asks more besides,
 * such as the token store's {@code {processorName, segment, owner}} or an update guarded by a version:
 * the backend uses an index only for a query of exactly its keys and scanned the whole collection for
 * these, as MongoDB would not. The index finds the one document that can match, and the collection
 * still tests it against the whole query.
 */
final class BsonUniqueIndex extends AbstractUniqueIndex<Object> {

    private final MVMap<KeyValue, Object> map;

    BsonUniqueIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.map = map;
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        if (super.canHandle(query)) {
            return true;
        }
        if (!query.keySet().containsAll(keySet())) {
            return false;
        }
        for (String key : keys()) {
            if (!plain(query.get(key))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized Iterable<Object> getPositions(Document query) {
        if (query.keySet().equals(keySet())) {
            return super.getPositions(query);
        }
        Document keysOnly = new Document();
        for (String key : keys()) {
            keysOnly.put(key, query.get(key));
        }
        return super.getPositions(keysOnly);
    }

    /** A value the query must equal, which an index key holds as it is. */
    private static boolean plain(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof ObjectId || value instanceof Instant || value instanceof UUID;
    }

    @Override
    protected Object removeDocument(KeyValue key) {
        return map.remove(key);
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return map.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue key) {
        return map.get(key);
    }

    @Override
    public long getCount() {
        return map.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
