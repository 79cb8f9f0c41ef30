package dev.closeout.application.infrastructure.backup;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Says that a restore is writing into a store, from before its first document until after its last is durable. A
 * restore that breaks off part-way (a full disk, a killed process, a lost connection) leaves part of a backup: the
 * tokens and the event counter, restored first, point past events that are missing, so the application would start
 * on a store it could never have been in. While the marker is there, the application refuses to start and a second
 * restore refuses to write ({@link #unfinished}); what to do is delete the store and restore again.
 *
 * <p>On the embedded default the marker is a file in the data directory, {@value #FILE_NAME}, made before the store
 * is opened and removed once the store is closed (a close commits both of its files); on MongoDB, a document of
 * {@value #COLLECTION}, written and removed with the restore's journaled majority.
 */
abstract sealed class RestoreMarker {

    static final String FILE_NAME = "closeout.restore-in-progress";
    static final String COLLECTION = "restore_in_progress";

    /** Whether a restore began here and has not finished. */
    abstract boolean present();

    abstract void set();

    abstract void clear();

    /** What to do about a store a restore broke off in. */
    abstract String remedy();

    /** The refusal, for the command line and the application's start alike. */
    final String unfinished() {
        return "a restore into " + where() + " broke off part-way (" + what() + " is there): the store holds part of a "
                + "backup and must not be used; " + remedy() + " and restore the backup again";
    }

    abstract String where();

    abstract String what();

    static RestoreMarker in(Path dataDir) {
        return new InDataDirectory(dataDir);
    }

    static RestoreMarker in(MongoDatabase database) {
        return new InDatabase(database);
    }

    private static final class InDataDirectory extends RestoreMarker {

        private final Path dataDir;
        private final Path file;

        InDataDirectory(Path dataDir) {
            this.dataDir = dataDir;
            this.file = dataDir.resolve(FILE_NAME);
        }

        @Override
        boolean present() {
            return Files.exists(file);
        }

        @Override
        void set() {
            try {
                Files.createDirectories(dataDir);
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    channel.write(ByteBuffer.wrap(("A restore is writing into this directory; if no restore runs, it "
                            + "broke off: delete the directory and restore again.\n").getBytes(StandardCharsets.UTF_8)));
                    channel.force(true);
                }
                syncDirectory();
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + file, e);
            }
        }

        @Override
        void clear() {
            try {
                Files.delete(file);
                syncDirectory();
            } catch (IOException e) {
                throw new UncheckedIOException("could not remove " + file, e);
            }
        }

        /** Makes the marker's creation or removal durable, where the file system allows a directory to be synced. */
        private void syncDirectory() {
            try (FileChannel directory = FileChannel.open(dataDir, StandardOpenOption.READ)) {
                directory.force(true);
            } catch (IOException notSupportedHere) {
                // a directory cannot be opened for sync on every platform; the file's own sync is what remains
            }
        }

        @Override
        String remedy() {
            return "delete the data directory " + dataDir;
        }

        @Override
        String where() {
            return dataDir.toString();
        }

        @Override
        String what() {
            return FILE_NAME;
        }
    }

    private static final class InDatabase extends RestoreMarker {

        private static final String ID = "restore";
        private final MongoDatabase database;

        InDatabase(MongoDatabase database) {
            this.database = database;
        }

        @Override
        boolean present() {
            return database.getCollection(COLLECTION).find(Filters.eq("_id", ID)).first() != null;
        }

        @Override
        void set() {
            database.getCollection(COLLECTION).replaceOne(Filters.eq("_id", ID), new Document("_id", ID),
                    new ReplaceOptions().upsert(true));
        }

        @Override
        void clear() {
            database.getCollection(COLLECTION).deleteOne(Filters.eq("_id", ID));
        }

        @Override
        String remedy() {
            return "drop the database " + database.getName();
        }

        @Override
        String where() {
            return "the database " + database.getName();
        }

        @Override
        String what() {
            return "a document of " + COLLECTION;
        }
    }
}
