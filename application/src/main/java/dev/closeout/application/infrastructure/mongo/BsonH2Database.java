package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * A database of the embedded store whose maps write documents as BSON ({@link BsonDataType}) and
 * compare index keys without serializing them ({@link IndexKeyDataType}). The maps keep the names
 * {@link H2Database} gives them, so the backend's own code (dropping and renaming collections,
 * listing databases) finds them. Its collections never change a stored document in place
 * ({@link CopyOnUpdateCollection}).
 *
 * <p>Document maps read the previous format as they are; index maps written in it are ordered by
 * serialized bytes and are rebuilt in the new order the first time a store is opened here. Which
 * index maps are in the new order is recorded in the map {@value #INDEX_FORMATS}, in the same
 * commit as the rebuilt maps.
 */
final class BsonH2Database extends H2Database {

    static final String INDEX_FORMATS = "closeout.index-formats";
    static final String INDEX_FORMAT = "bson-keys-1";
    private static final String DATA_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";
    private static final Logger log = LoggerFactory.getLogger(BsonH2Database.class);

    /**
     * {@link H2Database}'s constructor opens the collections and indexes already stored, calling
     * the overrides below before this class's own fields are assigned; they find the store here.
     */
    private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

    private final MVStore store;

    private BsonH2Database(String name, MVStore store, CursorRegistry cursors) {
        super(name, store, cursors);
        this.store = store;
    }

    static BsonH2Database open(String name, MVStore store, CursorRegistry cursors) {
        OPENING.set(store);
        try {
            return new BsonH2Database(name, store, cursors);
        } finally {
            OPENING.remove();
        }
    }

    private MVStore store() {
        return store != null ? store : OPENING.get();
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> documents = store().openMap(DATA_PREFIX + namespace,
                new MVMap.Builder<Object, Document>().keyType(new BsonDataType()).valueType(new BsonDataType()));
        MVMap<String, Object> meta = store().openMap(META_PREFIX + namespace);
        return new CopyOnUpdateCollection(this, collectionName, options, documents, meta, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        String mapName = getFullCollectionNamespace(collectionName) + "._index_" + indexName;
        return new BsonUniqueIndex(openIndexMap(store(), mapName), indexName, keys, sparse);
    }

    private static MVMap<KeyValue, Object> openIndexMap(MVStore store, String name) {
        MVMap<String, String> formats = store.openMap(INDEX_FORMATS);
        if (store.hasMap(name) && !INDEX_FORMAT.equals(formats.get(name))) {
            rebuild(store, name);
        }
        formats.put(name, INDEX_FORMAT);
        return store.openMap(name, indexMapBuilder());
    }

    /** Copies the index map into a new one ordered by {@link IndexKeyDataType}, under the same name. */
    private static void rebuild(MVStore store, String name) {
        String temporary = name + ".rebuilding";
        if (store.hasMap(temporary)) {
            store.removeMap(temporary);
        }
        // iterating walks the pages as stored, comparing nothing; reading takes either format
        MVMap<KeyValue, Object> stored = store.openMap(name, indexMapBuilder());
        MVMap<KeyValue, Object> rebuilt = store.openMap(temporary, indexMapBuilder());
        for (Map.Entry<KeyValue, Object> entry : stored.entrySet()) {
            rebuilt.put(entry.getKey(), entry.getValue());
        }
        store.removeMap(stored);
        store.renameMap(rebuilt, name);
        log.info("Rebuilt the embedded store's index {} ({} keys) in the key order of this version", name,
                rebuilt.sizeAsLong());
    }

    private static MVMap.Builder<KeyValue, Object> indexMapBuilder() {
        return new MVMap.Builder<KeyValue, Object>().keyType(new IndexKeyDataType()).valueType(new BsonDataType());
    }
}
