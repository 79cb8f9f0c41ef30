package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * How the embedded store writes documents (and the positions its indexes point to) into the H2
 * file: as BSON, the bytes the wire protocol already uses, instead of H2's default of Java object
 * serialization, which cost more CPU than everything else the application does under load: every
 * page written by a commit or rewritten by compaction serializes every document in it.
 *
 * <p>A value is written as one tag byte that H2's {@link ObjectDataType} never uses, followed by a
 * BSON document: the document itself, or {@code {"v": value}} for anything else. A value BSON
 * cannot hold ({@code Missing}, which the backend uses for an absent {@code _id}) is written as
 * {@link ObjectDataType} writes it. Reading looks at the tag, so a file written by the default
 * format (every store before this class) reads as before, value by value, and its pages move to
 * BSON as they are rewritten.
 *
 * <p>Comparison stays {@link ObjectDataType}'s: keys of a collection's document map are
 * {@code _id} values, ordered as the file already orders them.
 */
class BsonDataType extends ObjectDataType {

    /** A document written as BSON; H2's {@link ObjectDataType} tags end at 119. */
    static final byte TAG_BSON_DOCUMENT = (byte) 0xB1;
    /** Any other value, as the field {@code v} of a BSON document. */
    static final byte TAG_BSON_VALUE = (byte) 0xB2;
    private static final String VALUE = "v";

    /**
     * Where a document is encoded before it is copied into the page: a commit writes hundreds of documents
     * one after another on one thread, each into this buffer, instead of a new one grown for each.
     */
    private static final ThreadLocal<ByteBuf> SCRATCH = ThreadLocal.withInitial(() -> Unpooled.buffer(16 * 1024));
    /**
     * A buffer grown past this for one large document is dropped after it: requests are served on the application's
     * threads (InProcessWire), a couple of hundred of them at most, each keeping its own.
     */
    private static final int SCRATCH_KEPT_BYTES = 64 * 1024;

    /** Moving average of the encoded size, for H2's memory accounting (it must not encode to ask). */
    private volatile int averageSize = 1024;

    @Override
    public void write(WriteBuffer buffer, Object value) {
        if (writtenCompactlyByH2(value)) {
            super.write(buffer, value);
            return;
        }
        if (value instanceof Document document) {
            int start = buffer.position();
            buffer.put(TAG_BSON_DOCUMENT);
            if (BsonPageWriter.write(document, buffer)) {
                averageSize = (buffer.position() - start - 1 + 15 * averageSize) / 16;
                return;
            }
            buffer.position(start);
        }
        ByteBuf bson = SCRATCH.get().clear();
        try {
            BsonEncoder.encodeDocument(value instanceof Document d ? d : new Document(VALUE, value), bson);
        } catch (RuntimeException notBson) {
            super.write(buffer, value);
            return;
        }
        int length = bson.readableBytes();
        averageSize = (length + 15 * averageSize) / 16;
        buffer.put(value instanceof Document ? TAG_BSON_DOCUMENT : TAG_BSON_VALUE)
                .put(bson.array(), bson.arrayOffset() + bson.readerIndex(), length);
        if (bson.capacity() > SCRATCH_KEPT_BYTES) {
            SCRATCH.remove();
        }
    }

    @Override
    public Object read(ByteBuffer buffer) {
        byte tag = buffer.get(buffer.position());
        if (tag != TAG_BSON_DOCUMENT && tag != TAG_BSON_VALUE) {
            return super.read(buffer);
        }
        buffer.get();
        Document document = decode(buffer);
        return tag == TAG_BSON_DOCUMENT ? document : document.get(VALUE);
    }

    @Override
    public int getMemory(Object value) {
        // a decoded document takes several times its BSON size on the heap
        return value instanceof Document ? 4 * averageSize : super.getMemory(value);
    }

    /** H2 writes these in a few bytes of its own; anything else it would serialize. */
    private static boolean writtenCompactlyByH2(Object value) {
        return value == null || value instanceof String || value instanceof Long || value instanceof Integer
                || value instanceof Double || value instanceof Boolean;
    }

    /** BSON bytes for {@code value}, or null when BSON cannot hold it. */
    static byte[] encode(Object value) {
        Document document = value instanceof Document d ? d : new Document(VALUE, value);
        ByteBuf buffer = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(document, buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } catch (RuntimeException notBson) {
            return null;
        } finally {
            buffer.release();
        }
    }

    /** Decodes the BSON document at the buffer's position and moves past it. */
    static Document decode(ByteBuffer buffer) {
        int length = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt();
        ByteBuffer slice = buffer.slice();
        slice.limit(length);
        buffer.position(buffer.position() + length);
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(slice));
    }
}
