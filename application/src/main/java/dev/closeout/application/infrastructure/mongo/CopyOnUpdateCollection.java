package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;

/**
 * mongo-java-server's H2 collection, except that an update never changes the stored document in
 * place. The backend updates the very instance its map holds, field by field, and then puts it back.
 * But that instance is also in the reply of any read that found it, which is encoded after the
 * collection's lock is let go (a read then saw some fields old and some new: {@code
 * CopyOnUpdateCollectionTest}), and in the page a commit may be serializing (commits no longer hold
 * writes off while they serialize, see {@link CommitFencedBackend}), which would write a document half
 * old and half new. Here the documents an update or find-and-modify reads are copies: the backend
 * changes the copy and puts it, and the stored instance stays as every reader and commit saw it.
 *
 * <p>The collection's public operations are synchronized on it (the backend's
 * {@code AbstractSynchronizedMongoCollection}), so one flag tells {@link #getDocument} whether it
 * is reading for an update.
 */
final class CopyOnUpdateCollection extends H2Collection {

    /** True while this collection runs an update; read and written under the collection's monitor. */
    private boolean updating;

    CopyOnUpdateCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                           MVMap<Object, Document> documents, MVMap<String, Object> meta, CursorRegistry cursors) {
        super(database, collectionName, options, documents, meta, cursors);
    }

    @Override
    public synchronized Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters,
                                                 boolean multi, boolean upsert, Oplog oplog) {
        updating = true;
        try {
            return super.updateDocuments(selector, update, arrayFilters, multi, upsert, oplog);
        } finally {
            updating = false;
        }
    }

    @Override
    public synchronized Document findAndModify(Document query) {
        updating = true;
        try {
            return super.findAndModify(query);
        } finally {
            updating = false;
        }
    }

    @Override
    protected Document getDocument(Object position) {
        Document stored = super.getDocument(position);
        return updating && stored != null ? stored.cloneDeeply() : stored;
    }
}
