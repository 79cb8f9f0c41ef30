package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A unique index of the embedded store that also serves a query giving every key of the index a
 * plain value and asking more besides, such as the token store's {@code {processorName, segment,
 * owner}} or an update guarded by a version: the backend uses an index only for a query of exactly
 * its keys and scanned the whole collection for these, as MongoDB would not. The index finds the one
 * document that can match, and the collection still tests it against the whole query.
 *
 * <p>Two kinds: {@link BsonUniqueIndex} keeps its keys in a map of its own; {@link IdIndex} is a
 * collection's document map, keyed by {@code _id} already.
 */
abstract class EmbeddedUniqueIndex extends AbstractUniqueIndex<Object> {

    EmbeddedUniqueIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
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
    public long getDataSize() {
        return getCount();
    }
}
