package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A database of the embedded store whose maps write documents as BSON ({@link BsonDataType}) and
 * compare keys without serializing them ({@link IdDataType}, {@link IndexKeyDataType}). The maps keep
 * the names {@link H2Database} gives them, so the backend's own code (dropping and renaming
 * collections, listing databases) finds them. Its collections never change a stored document in place
 * ({@link CopyOnUpdateCollection}), and a collection's document map is its {@code _id} index
 * ({@link IdIndex}).
 *
 * <p>Maps written by an earlier version are brought to this one once, when a store is opened here,
 * and what was done is recorded in the same commit: index maps ordered by serialized bytes are rebuilt
 * in the new order (marked in {@value #INDEX_FORMATS}); a document map is checked to be in
 * {@link IdDataType}'s order and rebuilt if it is not (marked in {@value #DOCUMENT_FORMATS}); and the
 * backend's separate {@code _id} index maps are removed.
 */
final class BsonH2Database extends H2Database {

    static final String INDEX_FORMATS = "closeout.index-formats";
    static final String INDEX_FORMAT = "bson-keys-1";
    static final String DOCUMENT_FORMATS = "closeout.document-formats";
    static final String DOCUMENT_FORMAT = "id-order-1";
    private static final String DATA_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";
    private static final String INDEX_INFIX = "._index_";
    private static final String ID = "_id";
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
        MVMap<Object, StoredDocument> documents = openDocumentMap(store(), DATA_PREFIX + namespace);
        MVMap<String, Object> meta = store().openMap(META_PREFIX + namespace);
        return new CopyOnUpdateCollection(this, collectionName, options, documents, meta, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        String namespace = getFullCollectionNamespace(collectionName);
        String mapName = namespace + INDEX_INFIX + indexName;
        if (keys.size() == 1 && ID.equals(keys.get(0).getKey()) && !sparse) {
            removeSeparateIdIndex(store(), mapName);
            return new IdIndex(openDocumentMap(store(), DATA_PREFIX + namespace), indexName, keys);
        }
        return new BsonUniqueIndex(openIndexMap(store(), mapName), indexName, keys, sparse);
    }

    /** Kept by MongoDB, not by this server; the backend's stand-in would be built from every document at each open. */
    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                       boolean sparse) {
        log.debug("The embedded store keeps no secondary index; {} on {} is answered by a scan", indexName, collectionName);
        return new UnkeptIndex(indexName, keys);
    }

    private static MVMap<Object, StoredDocument> openDocumentMap(MVStore store, String name) {
        MVMap<String, String> formats = store.openMap(DOCUMENT_FORMATS);
        MVMap<Object, StoredDocument> documents = store.openMap(name, documentMapBuilder());
        if (!DOCUMENT_FORMAT.equals(formats.get(name))) {
            if (!inOrder(documents)) {
                documents = rebuild(store, name, documentMapBuilder());
                log.info("Rebuilt the embedded store's collection {} ({} documents) in the _id order of this version",
                        name, documents.sizeAsLong());
            }
            formats.put(name, DOCUMENT_FORMAT);
        }
        return documents;
    }

    /** Whether the keys, walked as stored, ascend in {@link IdDataType}'s order; walking compares nothing. */
    private static boolean inOrder(MVMap<Object, ?> map) {
        Object previous = null;
        for (Iterator<Object> keys = map.keyIterator(null); keys.hasNext(); ) {
            Object key = keys.next();
            if (previous != null && map.getKeyType().compare(previous, key) >= 0) {
                return false;
            }
            previous = key;
        }
        return true;
    }

    private static void removeSeparateIdIndex(MVStore store, String name) {
        if (store.hasMap(name)) {
            long keys = store.openMap(name, indexMapBuilder()).sizeAsLong();
            store.removeMap(name);
            log.info("Removed the embedded store's index {} ({} keys): the collection's documents serve as its _id index",
                    name, keys);
        }
        store.<String, String>openMap(INDEX_FORMATS).remove(name);
    }

    private static MVMap<KeyValue, Object> openIndexMap(MVStore store, String name) {
        MVMap<String, String> formats = store.openMap(INDEX_FORMATS);
        if (store.hasMap(name) && !INDEX_FORMAT.equals(formats.get(name))) {
            MVMap<KeyValue, Object> rebuilt = rebuild(store, name, indexMapBuilder());
            log.info("Rebuilt the embedded store's index {} ({} keys) in the key order of this version", name,
                    rebuilt.sizeAsLong());
        }
        formats.put(name, INDEX_FORMAT);
        return store.openMap(name, indexMapBuilder());
    }

    /** Copies the map into a new one ordered by the builder's key type, under the same name. */
    private static <K, V> MVMap<K, V> rebuild(MVStore store, String name, MVMap.Builder<K, V> builder) {
        String temporary = name + ".rebuilding";
        if (store.hasMap(temporary)) {
            store.removeMap(temporary);
        }
        // iterating walks the pages as stored, comparing nothing; reading takes either format
        MVMap<K, V> stored = store.openMap(name, builder);
        MVMap<K, V> rebuilt = store.openMap(temporary, builder);
        for (Map.Entry<K, V> entry : stored.entrySet()) {
            rebuilt.put(entry.getKey(), entry.getValue());
        }
        store.removeMap(stored);
        store.renameMap(rebuilt, name);
        return rebuilt;
    }

    private static MVMap.Builder<Object, StoredDocument> documentMapBuilder() {
        return new MVMap.Builder<Object, StoredDocument>().keyType(new IdDataType()).valueType(new StoredDocumentType());
    }

    private static MVMap.Builder<KeyValue, Object> indexMapBuilder() {
        return new MVMap.Builder<KeyValue, Object>().keyType(new IndexKeyDataType()).valueType(new BsonDataType());
    }
}
