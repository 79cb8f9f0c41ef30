package dev.closeout.application.infrastructure.backup;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Loads a {@link BackupFile} into an empty store. The read models are not written here: the
 * application rebuilds them from the events when it starts on the store, since their tracking tokens
 * are not in the backup (decision 0014); nor are the dead letters of those read models, which a backup
 * taken before session 35 still holds: a letter restored would hold the item's replayed events behind it.
 * <p>
 * The command line checks the file ({@link #verify}) and the store ({@link #refuseUnlessEmpty}) before it
 * sets the {@link RestoreMarker} and {@link #load loads} the file.
 */
final class StoreRestore {

    private static final int BATCH_DOCUMENTS = 500;
    private static final int BATCH_BYTES = 4 * 1024 * 1024;

    private final MongoDatabase database;
    private final MongoDatabase readModels;

    /** @param readModels where the tracking tokens go: the same database on MongoDB, a store of its own embedded */
    StoreRestore(MongoDatabase database, MongoDatabase readModels) {
        this.database = database;
        this.readModels = readModels;
    }

    /** Refused: the store holds documents already. */
    static final class NotEmptyException extends Exception {
        NotEmptyException(String message) {
            super(message);
        }
    }

    /** Reads the whole file once, writing nothing: a damaged or cut-off backup fails here and restores nothing. */
    static void verify(Path backup) throws IOException {
        try (var in = Files.newInputStream(backup)) {
            BackupFile.read(in, (collection, document) -> { });
        }
    }

    /** Refuses a store that holds any document, in any collection. */
    void refuseUnlessEmpty() throws NotEmptyException {
        List<String> holding = nonEmptyCollections();
        if (!holding.isEmpty()) {
            throw new NotEmptyException("the store is not empty (" + String.join(", ", holding.subList(0,
                    Math.min(5, holding.size()))) + (holding.size() > 5 ? ", …" : "") + " hold documents)");
        }
    }

    /** Writes the backup's documents; answers the documents restored per collection. */
    Map<String, Long> load(Path backup) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        Batch batch = new Batch();
        try (var in = Files.newInputStream(backup)) {
            BackupFile.read(in, (collection, document) -> {
                if (StoreBackup.ofRebuiltReadModel(collection, document)) {
                    return;
                }
                if (!collection.equals(batch.collection) || batch.documents.size() >= BATCH_DOCUMENTS
                        || batch.bytes >= BATCH_BYTES) {
                    batch.flush();
                    batch.collection = collection;
                }
                batch.add(StoreBackup.TOKENS.equals(collection) ? unclaimed(document) : document);
                counts.merge(collection, 1L, Long::sum);
            });
        }
        batch.flush();
        return counts;
    }

    /** The collections that hold at least one document. */
    List<String> nonEmptyCollections() {
        SortedSet<String> holding = new TreeSet<>();
        // on MongoDB the read models are the events' database: listed once
        for (MongoDatabase store : database == readModels ? List.of(database) : List.of(database, readModels)) {
            for (String name : store.listCollectionNames()) {
                if (!name.startsWith("system.") && store.getCollection(name).find().limit(1).first() != null) {
                    holding.add(name);
                }
            }
        }
        return List.copyOf(holding);
    }

    /** A token restored without its owner, so that the first instance to start claims it at once. */
    private static BsonDocument unclaimed(RawBsonDocument token) {
        BsonDocument copy = new BsonDocument();
        token.forEach(copy::put);
        copy.remove("owner");
        return copy;
    }

    private final class Batch {
        private String collection;
        private final List<BsonDocument> documents = new ArrayList<>();
        private long bytes;

        void add(BsonDocument document) {
            documents.add(document);
            bytes += document instanceof RawBsonDocument raw ? raw.getByteBuffer().remaining() : 1024;
        }

        void flush() {
            if (!documents.isEmpty()) {
                (StoreBackup.TOKENS.equals(collection) ? readModels : database).getCollection(collection, BsonDocument.class)
                        .insertMany(documents, new InsertManyOptions().ordered(true));
            }
            documents.clear();
            bytes = 0;
        }
    }
}
