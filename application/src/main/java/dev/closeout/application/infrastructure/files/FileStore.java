package dev.closeout.application.infrastructure.files;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.closeout.application.infrastructure.mongo.Durability;
import org.bson.BsonObjectId;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Files in MongoDB's GridFS, bucket {@value #BUCKET}: a files document each in
 * {@code evidence.files} and its bytes in chunks of {@value #CHUNK_SIZE} bytes in
 * {@code evidence.chunks}. Files are written by the driver's own GridFS upload, so both collections
 * hold standard GridFS documents that {@code mongofiles} and any driver's GridFS can read.
 *
 * <p>Files are read by exact keys instead of the driver's download, which asks for
 * {@code {files_id, n: {$gte: 0}}} sorted by {@code n}: a range query, which the embedded server
 * answers by scanning every chunk of every file (measured on its H2 backend with 300 files of
 * 600 KB: 0.8 to 6.7 s to read one file). The files document is found by {@code _id}, and each
 * chunk by the plain document {@code {files_id, n}}, exactly the key of GridFS's unique chunk index
 * (2 to 16 ms a chunk there; MongoDB uses the same index). See {@link ChunkStream}.
 *
 * <p>Both GridFS indexes are declared here, with the names and options the drivers give them, so
 * that a driver's GridFS finds them in place. A file is deleted only by the upload that stored it, when
 * that upload fails before answering (docs/storage.md); a file an upload answered with is kept for good.
 */
@Component
public class FileStore {

    public static final String BUCKET = "evidence";
    /** GridFS's default: a chunk stays well under MongoDB's 16 MB document limit and a socket buffer's multiple. */
    static final int CHUNK_SIZE = 255 * 1024;

    private final GridFSBucket bucket;
    private final MongoCollection<Document> files;
    private final MongoCollection<Document> chunks;
    private final Durability durability;

    public FileStore(MongoDatabase database, Durability durability) {
        this.bucket = GridFSBuckets.create(database, BUCKET).withChunkSizeBytes(CHUNK_SIZE);
        this.files = database.getCollection(BUCKET + ".files");
        this.chunks = database.getCollection(BUCKET + ".chunks");
        this.durability = durability;
        files.createIndex(Indexes.ascending("filename", "uploadDate"), new IndexOptions().name("filename_1_uploadDate_1"));
        chunks.createIndex(Indexes.ascending("files_id", "n"), new IndexOptions().unique(true).name("files_id_1_n_1"));
    }

    /**
     * Stores the bytes of {@code content} under a new id and returns once they are durable. The
     * caller read them beforehand to judge them; their SHA-256 is computed again as they are stored,
     * and a file whose bytes changed in between is refused and deleted again.
     */
    public StoredFile store(String owner, String name, String sha256, String contentType, String uploadedBy,
                            InputStream content) {
        Document metadata = new Document("owner", owner)
                .append("contentType", contentType)
                .append("sha256", sha256)
                .append("uploadedBy", uploadedBy);
        DigestInputStream digesting = new DigestInputStream(content, sha256());
        // the id chosen here, so that whatever fails after the first chunk is written (an insert refused, the commit
        // not confirmed durable) leaves nothing under it: the driver cleans up only after its input failed
        ObjectId id = new ObjectId();
        try {
            bucket.uploadFromStream(new BsonObjectId(id), name, digesting, new GridFSUploadOptions().metadata(metadata));
            String stored = HexFormat.of().formatHex(digesting.getMessageDigest().digest());
            if (!stored.equals(sha256)) {
                throw new IllegalStateException("File " + id + " changed while it was stored: SHA-256 " + stored
                        + ", not " + sha256);
            }
            durability.awaitDurable();
            return find(id.toHexString()).orElseThrow(() ->
                    new IllegalStateException("File " + id + " was stored but cannot be read back"));
        } catch (RuntimeException failed) {
            try {
                remove(id);
            } catch (RuntimeException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
    }

    /** Deletes the file's document and its chunks, whichever were stored. */
    private void remove(ObjectId id) {
        files.deleteOne(new Document("_id", id));
        chunks.deleteMany(new Document("files_id", id));
    }

    /**
     * Deletes a file that {@link #store} stored for an upload that then failed (another of its files was
     * refused, or the store failed), so that an upload stores all of its files or none. Not for files an
     * upload answered with: those are kept for good.
     */
    public void discard(String id) {
        if (ObjectId.isValid(id)) {
            bucket.delete(new ObjectId(id));
            durability.awaitDurable();
        }
    }

    /** A new SHA-256 digest, for callers that hash bytes the way the store does. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** The file's description, or empty when no file has that id. */
    public Optional<StoredFile> find(String id) {
        if (!ObjectId.isValid(id)) {
            return Optional.empty();
        }
        return Optional.ofNullable(files.find(new Document("_id", new ObjectId(id))).first()).map(FileStore::file);
    }

    /** The file's bytes, read chunk by chunk as the stream is read. */
    public InputStream open(StoredFile file) {
        return new ChunkStream(chunks, new ObjectId(file.id()), file.size());
    }

    private static StoredFile file(Document document) {
        Document metadata = document.get("metadata", new Document());
        Date uploaded = document.getDate("uploadDate");
        return new StoredFile(document.getObjectId("_id").toHexString(), metadata.getString("owner"),
                document.getString("filename"), ((Number) document.get("length")).longValue(),
                metadata.getString("sha256"), metadata.getString("contentType"), metadata.getString("uploadedBy"),
                uploaded == null ? null : uploaded.toInstant());
    }
}
