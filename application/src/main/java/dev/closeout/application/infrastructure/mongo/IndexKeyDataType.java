package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keys of a unique index in the embedded store: the indexed values of a document
 * ({@link KeyValue}), written as BSON and compared value by value in MongoDB's order.
 *
 * <p>H2's default {@code ObjectDataType} cannot compare a {@code KeyValue} (it is not
 * {@link Comparable}), so it Java-serializes both keys on every comparison: a look-up by
 * {@code _id} or by the event store's aggregate key serialized two objects per level of the
 * B-tree. An index map written in that order cannot be searched in this one, so
 * {@link BsonH2Database} rebuilds such maps once when it opens a store written before.
 */
final class IndexKeyDataType extends BsonDataType {

    /** A {@link KeyValue} as the array {@code v} of a BSON document. */
    static final byte TAG_KEY_VALUE = (byte) 0xB3;
    private static final Comparator<Object> VALUES = ValueComparator.ascWithoutListHandling();

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue left && b instanceof KeyValue right) {
            int size = Math.min(left.size(), right.size());
            for (int i = 0; i < size; i++) {
                int order = VALUES.compare(left.get(i), right.get(i));
                if (order != 0) {
                    return order;
                }
            }
            return Integer.compare(left.size(), right.size());
        }
        return super.compare(a, b);
    }

    @Override
    public void write(WriteBuffer buffer, Object value) {
        if (value instanceof KeyValue key) {
            List<Object> values = new ArrayList<>(key.size());
            key.forEach(values::add);
            byte[] bson = encode(new Document("v", values));
            if (bson != null) {
                buffer.put(TAG_KEY_VALUE).put(bson);
                return;
            }
        }
        super.write(buffer, value);
    }

    @Override
    public Object read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != TAG_KEY_VALUE) {
            return super.read(buffer);
        }
        buffer.get();
        return new KeyValue((List<?>) decode(buffer).get("v"));
    }

    @Override
    public int getMemory(Object value) {
        return value instanceof KeyValue key ? 64 + 48 * key.size() : super.getMemory(value);
    }
}
