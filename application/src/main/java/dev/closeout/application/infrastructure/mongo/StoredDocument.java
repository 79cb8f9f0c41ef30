package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;

import java.nio.ByteBuffer;

/**
 * A document as a collection of the embedded store holds it: its BSON bytes, which are what the file
 * gets, and the document decoded from them the first time it is asked for.
 *
 * <p>A commit writes every document of each page it changed, and compaction every document of each page
 * it moves; most of them did not change. With the bytes at hand that is a copy, not an encoding: a
 * document is encoded once, by the thread that inserted or updated it ({@link CopyOnUpdateCollection}),
 * not by the committer each time a neighbour changes. The bytes are the document: nothing the backend
 * was given or handed out is kept, so no change to such an object can make the two differ; and the
 * decoded document is shared by every reader, so nobody may change it ({@link #copy()} gives one to
 * change).
 */
final class StoredDocument {

    /** Where documents are encoded before their bytes are copied out; one per thread, reused. */
    private static final ThreadLocal<WriteBuffer> SCRATCH = ThreadLocal.withInitial(() -> new WriteBuffer(16 * 1024));
    /**
     * A buffer grown past this for one large document is dropped after it: requests are served on the application's
     * threads (InProcessWire), a couple of hundred of them at most, each keeping its own.
     */
    private static final int SCRATCH_KEPT_BYTES = 64 * 1024;

    private final byte[] bson;
    /** Decoded on first use; two readers racing may each decode it, and either result is the document. */
    private volatile Document decoded;

    private StoredDocument(byte[] bson) {
        this.bson = bson;
    }

    /** The document's bytes as they are now; later changes to {@code document} do not reach them. */
    static StoredDocument of(Document document) {
        return new StoredDocument(encode(document));
    }

    /** A document read from the file: {@code bson} is its own from now on. */
    static StoredDocument ofBytes(byte[] bson) {
        return new StoredDocument(bson);
    }

    /** The document, shared with every reader of it: never to be changed. */
    Document document() {
        Document document = decoded;
        if (document == null) {
            document = copy();
            decoded = document;
        }
        return document;
    }

    /** A document of the caller's own, decoded again from the bytes. */
    Document copy() {
        return BsonDataType.decode(ByteBuffer.wrap(bson));
    }

    /** The BSON bytes; not to be changed. */
    byte[] bson() {
        return bson;
    }

    int size() {
        return bson.length;
    }

    private static byte[] encode(Document document) {
        WriteBuffer buffer = SCRATCH.get().clear();
        if (!BsonPageWriter.write(document, buffer)) {
            byte[] bytes = BsonDataType.encode(document);
            if (bytes == null) {
                throw new IllegalArgumentException("A document the embedded store cannot write as BSON: " + document);
            }
            return bytes;
        }
        byte[] bytes = new byte[buffer.position()];
        buffer.getBuffer().get(0, bytes);
        if (buffer.capacity() > SCRATCH_KEPT_BYTES) {
            SCRATCH.remove();
        }
        return bytes;
    }
}
