package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.NoopOplog;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.h2.mvstore.MVMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A collection of the embedded store: mongo-java-server's H2 collection, over a map of
 * {@link StoredDocument}s, which never changes a stored document in place.
 *
 * <p>The backend updates the very document it found, field by field, and then puts it back. But that
 * document is also in the reply of any read that found it, which is encoded after the collection's lock
 * is let go (a read then saw some fields old and some new: {@code CopyOnUpdateCollectionTest}), and in
 * the page a commit may be writing (commits do not hold writes off while they write, see
 * {@link CommitFencedBackend}). Here an update or find-and-modify finds copies, decoded again from the
 * stored bytes, whether through an index or by scanning; the backend changes the copy and puts it, and
 * the stored document stays as every reader and commit saw it.
 *
 * <p>A document is encoded once, when it is put, on the thread that puts it; the collection's size is
 * counted from those bytes (the backend encodes each document again to count it, twice for an update).
 * The collection's public operations are synchronized on it (the backend's
 * {@code AbstractSynchronizedMongoCollection}), so one flag tells whether it is reading for an update.
 */
final class CopyOnUpdateCollection extends AbstractSynchronizedMongoCollection<Object> {

    private static final String DATA_SIZE = "dataSize";

    private final MVMap<Object, StoredDocument> documents;
    private final MVMap<String, Object> meta;
    /** True while this collection runs an update; read and written under the collection's monitor. */
    private boolean updating;

    CopyOnUpdateCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                           MVMap<Object, StoredDocument> documents, MVMap<String, Object> meta, CursorRegistry cursors) {
        super(database, collectionName, options, cursors);
        this.documents = documents;
        this.meta = meta;
        meta.putIfAbsent(DATA_SIZE, 0L);
    }

    @Override
    public synchronized Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters,
                                                 boolean multi, boolean upsert, Oplog oplog) {
        ById byId = byIdAlone(selector, update, arrayFilters, multi, upsert, oplog);
        if (byId != null) {
            return updateById(selector.get(getIdField()), byId, upsert);
        }
        ById byKey = byUniqueKey(selector, update, arrayFilters, multi, upsert, oplog);
        if (byKey != null) {
            Object position = byKey.position();
            return updateAt(position, position == null ? null : documents.get(position), byKey);
        }
        updating = true;
        try {
            return super.updateDocuments(selector, update, arrayFilters, multi, upsert, oplog);
        } finally {
            updating = false;
        }
    }

    /** The updates {@link #updateById} does itself: what the read models write by {@code _id}. */
    private enum Shape {
        /** A whole new document. */
        REPLACE,
        /** {@code $set} of top-level fields. */
        SET,
        /** {@code $setOnInsert} of top-level fields: nothing when the document is there. */
        SET_ON_INSERT
    }

    /**
     * An update {@link #updateById} does: its shape, the fields it names (the whole document for a replacement), the
     * fields the document must hold besides its {@code _id} to be updated ({@code {_id, version: 7}}: a replacement
     * only where the stored document is still at version 7), and the collection's {@code _id} index; for an update
     * found by a unique key ({@link #byUniqueKey}), the position that index found, null when it found none.
     */
    private record ById(Shape shape, Document fields, Document conditions, IdIndex index, Object position) {

        ById(Shape shape, Document fields, Document conditions, IdIndex index) {
            this(shape, fields, conditions, index, null);
        }
    }

    /**
     * The shape of an update of one document named by its {@code _id}, in a collection with no index but its
     * {@code _id}, where nothing keeps an oplog (the embedded server keeps none), when it is one {@link #updateById}
     * does: then it does what the backend would, without the backend's query, its deep copies and its comparison of
     * the old document with the new, field by field; null for anything else (other operators, dotted or
     * {@code $}-named fields, another {@code _id}, a unique index of the collection's own), which the backend does.
     * Besides its {@code _id} the filter may require top-level fields to equal a string, a number or a boolean, when
     * the update inserts nothing (without upsert, a document that fails them is simply not matched).
     */
    private ById byIdAlone(Document selector, Document update, ArrayFilters arrayFilters, boolean multi,
                           boolean upsert, Oplog oplog) {
        if (multi || !(oplog instanceof NoopOplog) || (arrayFilters != null && !arrayFilters.isEmpty())
                || selector.isEmpty() || !plainId(selector.get(getIdField())) || getIndexes().size() != 1
                || !(getIndexes().get(0) instanceof IdIndex index)) {
            return null;
        }
        Document conditions = new Document();
        for (Map.Entry<String, Object> condition : selector.entrySet()) {
            String field = condition.getKey();
            Object value = condition.getValue();
            if (field.equals(getIdField())) {
                continue;
            }
            if (upsert || field.startsWith("$") || field.contains(".")
                    || !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                return null;
            }
            conditions.put(field, value);
        }
        Shape shape = shapeOf(update);
        Document fields = shape == Shape.REPLACE ? update
                : update.get(shape == Shape.SET ? "$set" : "$setOnInsert") instanceof Document operand ? operand : null;
        if (shape == null || fields == null || (shape != Shape.REPLACE && fields.isEmpty())) {
            return null;
        }
        for (String field : fields.keySet()) {
            if (field.startsWith("$") || field.contains(".")) {
                return null;
            }
        }
        // naming the _id otherwise (another, or 1L for 1) is left to the backend
        return !fields.containsKey(getIdField())
                || shape == Shape.REPLACE && Objects.equals(fields.get(getIdField()), selector.get(getIdField()))
                ? new ById(shape, fields, conditions, index) : null;
    }

    /**
     * A {@code $set} of top-level fields on the one document that a unique index of the collection's own finds by
     * equality on all its keys, every other field of the filter an equality too ({@code {$and: [{processorName},
     * {segment}, {owner}]}}, how Axon's token store writes a token: 80 % of the read models' store's updates that the
     * backend did itself, each decoding and matching every token), nothing to insert, nothing kept in an oplog: done as
     * {@link #updateById} does once that index has found the document. No field set may be a key of any index, so every
     * index stays as it is; null for anything else, which the backend does.
     */
    private ById byUniqueKey(Document selector, Document update, ArrayFilters arrayFilters, boolean multi,
                             boolean upsert, Oplog oplog) {
        if (multi || upsert || !(oplog instanceof NoopOplog) || (arrayFilters != null && !arrayFilters.isEmpty())
                || shapeOf(update) != Shape.SET || !(update.get("$set") instanceof Document fields) || fields.isEmpty()) {
            return null;
        }
        Document conditions = equalities(selector);
        if (conditions == null || conditions.containsKey(getIdField())) {
            return null;
        }
        for (String field : fields.keySet()) {
            if (field.startsWith("$") || field.contains(".")) {
                return null;
            }
        }
        IdIndex ids = null;
        EmbeddedUniqueIndex finder = null;
        for (Index<Object> index : getIndexes()) {
            for (IndexKey key : index.getKeys()) {
                String name = key.getKey();
                int dot = name.indexOf('.');
                if (fields.containsKey(dot < 0 ? name : name.substring(0, dot))) {
                    return null;
                }
            }
            if (index instanceof IdIndex id) {
                ids = id;
            } else if (finder == null && index instanceof EmbeddedUniqueIndex unique && unique.canHandle(conditions)) {
                // it handles a filter holding all its keys, each a plain value
                finder = unique;
            }
        }
        if (ids == null || finder == null) {
            return null;
        }
        Object position = null;
        for (Object found : finder.getPositions(conditions)) {
            position = found;
        }
        return new ById(Shape.SET, fields, conditions, ids, position);
    }

    /**
     * The filter's fields and the strings, numbers or booleans each must equal, from a flat filter or an {@code $and}
     * of one-field filters; null for anything else (other operators, dotted names, a field named twice, other values).
     */
    private static Document equalities(Document selector) {
        List<Document> parts = new ArrayList<>();
        if (selector.size() == 1 && selector.get("$and") instanceof List<?> all) {
            for (Object part : all) {
                if (!(part instanceof Document document)) {
                    return null;
                }
                parts.add(document);
            }
        } else {
            parts.add(selector);
        }
        Document conditions = new Document();
        for (Document part : parts) {
            for (Map.Entry<String, Object> condition : part.entrySet()) {
                String field = condition.getKey();
                Object value = condition.getValue();
                if (field.startsWith("$") || field.contains(".") || conditions.containsKey(field)
                        || !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                    return null;
                }
                conditions.put(field, value);
            }
        }
        return conditions.isEmpty() ? null : conditions;
    }

    /**
     * Whether the stored document's fields equal the conditions' values, numbers compared by value as MongoDB does;
     * read from its bytes field by field, not decoded whole (a versioned replacement asks this of every view).
     */
    private static boolean holds(StoredDocument stored, Document conditions) {
        if (conditions.isEmpty()) {
            return true;
        }
        RawBsonDocument fields = new RawBsonDocument(stored.bson());
        for (Map.Entry<String, Object> condition : conditions.entrySet()) {
            if (!equal(fields.get(condition.getKey()), condition.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** A stored value against a condition's string, number or boolean; a missing field equals none of them. */
    private static boolean equal(BsonValue stored, Object wanted) {
        if (stored == null) {
            return false;
        }
        if (wanted instanceof Number number) {
            if (!stored.isNumber()) {
                return false;
            }
            boolean integral = (number instanceof Integer || number instanceof Long)
                    && (stored.isInt32() || stored.isInt64());
            return integral ? stored.asNumber().longValue() == number.longValue()
                    : stored.asNumber().doubleValue() == number.doubleValue();
        }
        if (wanted instanceof String text) {
            return stored.isString() && stored.asString().getValue().equals(text);
        }
        return stored.isBoolean() && stored.asBoolean().getValue() == (Boolean) wanted;
    }

    private static Shape shapeOf(Document update) {
        if (update.keySet().stream().noneMatch(key -> key.startsWith("$"))) {
            return Shape.REPLACE;
        }
        if (update.size() != 1) {
            return null;
        }
        return update.containsKey("$set") ? Shape.SET : update.containsKey("$setOnInsert") ? Shape.SET_ON_INSERT : null;
    }

    /**
     * Updates the document {@code id} names, or inserts one when there is none and {@code upsert} (its {@code _id}
     * first, then the fields given, as the backend builds it); answers as the backend does: {@code n} documents
     * matched, {@code nModified} of them changed (compared as stored, byte for byte, as MongoDB compares the BSON),
     * {@code upserted}.
     */
    private Document updateById(Object id, ById update, boolean upsert) {
        Object position;
        StoredDocument stored;
        if (id instanceof String) {
            // in the map's order a string equals no key but itself: one look-up finds the document (the read models'
            // _ids); a number may be stored as another type of number, and is found by the _id index first
            stored = documents.get(id);
            position = stored == null ? null : id;
        } else {
            position = update.index().positionOf(id);
            stored = position == null ? null : documents.get(position);
        }
        Document fields = update.fields();
        Document result = new Document();
        if (position == null) {
            if (upsert) {
                Document document = new Document(getIdField(), id);
                fields.forEach((field, value) -> {
                    if (!field.equals(getIdField())) {
                        document.put(field, value);
                    }
                });
                Utils.validateFieldNames(document);
                addDocument(document);
                result.put("upserted", id);
            }
            result.put("n", 0);
            result.put("nModified", 0);
            return result;
        }
        return updateAt(position, stored, update);
    }

    /**
     * Updates {@code previous}, the document stored at {@code position} (none there: nothing matched); answers as the
     * backend does.
     */
    private Document updateAt(Object position, StoredDocument previous, ById update) {
        Shape shape = update.shape();
        Document fields = update.fields();
        Document result = new Document();
        if (position == null) {
            result.put("n", 0);
            result.put("nModified", 0);
            return result;
        }
        if (previous != null && !holds(previous, update.conditions())) {
            result.put("n", 0);
            result.put("nModified", 0);
            return result;
        }
        result.put("n", 1);
        if (shape == Shape.SET_ON_INSERT || previous == null) {
            result.put("nModified", 0);
            return result;
        }
        Document document;
        if (shape == Shape.REPLACE) {
            document = new Document(getIdField(), position);
            fields.forEach((field, value) -> {
                if (!field.equals(getIdField())) {
                    document.put(field, value);
                }
            });
        } else {
            // a field set again keeps its place, a new one comes last: as MongoDB and the backend do
            document = previous.copy();
            document.putAll(fields);
        }
        Utils.validateFieldNames(document);
        StoredDocument stored = StoredDocument.of(document);
        boolean modified = !Arrays.equals(previous.bson(), stored.bson());
        if (modified) {
            documents.put(position, stored);
            updateDataSize(stored.size() - previous.size());
        }
        result.put("nModified", modified ? 1 : 0);
        return result;
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
    protected Object addDocumentInternal(Document document) {
        Object id = getIdField() != null ? Utils.getSubdocumentValue(document, getIdField()) : UUID.randomUUID();
        StoredDocument stored = StoredDocument.of(document);
        StoredDocument previous = documents.put(Missing.ofNullable(id), stored);
        if (previous != null) {
            throw new IllegalStateException("A document with _id " + id + " was already in " + this);
        }
        updateDataSize(stored.size());
        return id;
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        StoredDocument stored = StoredDocument.of(newDocument);
        StoredDocument previous = documents.put(Missing.ofNullable(position), stored);
        updateDataSize(stored.size() - (previous == null ? 0 : previous.size()));
    }

    @Override
    protected void removeDocument(Object position) {
        StoredDocument removed = documents.remove(position);
        if (removed == null) {
            throw new NoSuchElementException("No document with key " + position);
        }
        updateDataSize(-removed.size());
    }

    @Override
    protected Document getDocument(Object position) {
        StoredDocument stored = documents.get(position);
        return stored == null ? null : updating ? stored.copy() : stored.document();
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int numberToReturn,
                                         int batchSize, Document projection) {
        Stream<Document> scanned;
        if (isNaturalDescending(orderBy)) {
            scanned = streamAllDocumentsWithPosition()
                    .sorted((a, b) -> ValueComparator.desc().compare(a.getPosition(), b.getPosition()))
                    .map(DocumentWithPosition::getDocument);
        } else {
            // a copy of each document the update will change, and only of those
            scanned = documents.values().stream().map(stored -> updating && documentMatchesQuery(stored.document(), query)
                    ? stored.copy() : stored.document());
        }
        return matchDocumentsFromStream(scanned, query, orderBy, numberToSkip, numberToReturn, batchSize, projection);
    }

    /**
     * Documents an index found for the query. The backend checks each against the whole query again; when the query
     * names documents by {@code _id} alone, the {@code _id} index ({@link IdIndex}) found exactly those, compared in
     * MongoDB's order as the matcher compares them, and the check found nothing new: for {@code _id $in} it compared
     * each document with every value named, 62,500 comparisons for a read of 250 ids, a sixth of a rebuild's CPU at
     * county scale.
     */
    @Override
    protected QueryResult matchDocuments(Document query, Iterable<Object> positions, Document orderBy, int numberToSkip,
                                         int numberToReturn, int batchSize, Document projection) {
        Document stillToMatch = namesIdsAlone(query) ? new Document() : query;
        return super.matchDocuments(stillToMatch, positions, orderBy, numberToSkip, numberToReturn, batchSize, projection);
    }

    /** {@code {_id: v}} or {@code {_id: {$in: [v, ...]}}}, each {@code v} a string or an integer: how read models are read. */
    private boolean namesIdsAlone(Document query) {
        if (query.size() != 1 || !query.containsKey(getIdField())) {
            return false;
        }
        Object value = query.get(getIdField());
        if (value instanceof Document operators) {
            return operators.size() == 1 && operators.get("$in") instanceof Collection<?> values
                    && values.stream().allMatch(CopyOnUpdateCollection::plainId);
        }
        return plainId(value);
    }

    private static boolean plainId(Object value) {
        return value instanceof String || value instanceof Integer || value instanceof Long;
    }

    @Override
    protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
        return documents.entrySet().stream().map(entry -> new DocumentWithPosition<>(
                updating ? entry.getValue().copy() : entry.getValue().document(), entry.getKey()));
    }

    @Override
    public int count() {
        return documents.size();
    }

    @Override
    public boolean isEmpty() {
        return documents.isEmpty();
    }

    /** Counted from the stored bytes, by the methods above; the backend's own count encodes every document again. */
    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected void updateDataSize(int sizeDelta) {
        meta.put(DATA_SIZE, ((Number) meta.get(DATA_SIZE)).longValue() + sizeDelta);
    }

    @Override
    protected int getDataSize() {
        return ((Number) meta.get(DATA_SIZE)).intValue();
    }
}
