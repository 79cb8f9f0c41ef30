package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Values of a collection's document map in the embedded store ({@link StoredDocument}): written as
 * {@link BsonDataType} writes a document, a tag and the BSON, by copying the bytes the document already
 * has; read by keeping those bytes, decoding nothing until the document is asked for. A document written
 * by H2's default format (a store from before {@link BsonDataType}) reads as before and is encoded then.
 */
final class StoredDocumentType extends BsonDataType {

    /** Bytes of heap a stored document takes besides its BSON and the document decoded from it. */
    private static final int OVERHEAD = 64;

    @Override
    public void write(WriteBuffer buffer, Object value) {
        if (value instanceof StoredDocument stored) {
            buffer.put(TAG_BSON_DOCUMENT).put(stored.bson());
            return;
        }
        super.write(buffer, value);
    }

    @Override
    public Object read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) == TAG_BSON_DOCUMENT) {
            buffer.get();
            byte[] bson = new byte[buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt()];
            buffer.get(bson);
            return StoredDocument.ofBytes(bson);
        }
        Object value = super.read(buffer);
        return value instanceof Document document ? StoredDocument.of(document) : value;
    }

    @Override
    public int getMemory(Object value) {
        // the bytes, and once it is read the decoded document, several times as large: three times, between the two
        return value instanceof StoredDocument stored ? OVERHEAD + 3 * stored.size() : super.getMemory(value);
    }
}
