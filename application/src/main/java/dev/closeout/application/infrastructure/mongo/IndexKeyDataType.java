package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.DataUtils;
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
 *
 * <p>A key of strings, longs and ints only (an {@code _id}, an aggregate key, a global index) is
 * written value by value in a few bytes of its own ({@link #TAG_KEY_COMPACT}), not as a BSON
 * document: a commit writes every key of each index page it changed, about a hundred for one new
 * key, and building a document to encode each cost more than the rest of writing the page. Any
 * other key is written as BSON. Both forms read back as the same {@link KeyValue}; the order is
 * the values', whatever the form.
 */
final class IndexKeyDataType extends BsonDataType {

    /** A {@link KeyValue} as the array {@code v} of a BSON document. */
    static final byte TAG_KEY_VALUE = (byte) 0xB3;
    /** A {@link KeyValue} of strings, longs and ints: their count, then each as a type byte and its value. */
    static final byte TAG_KEY_COMPACT = (byte) 0xB4;
    private static final byte STRING = 's';
    private static final byte LONG = 'l';
    private static final byte INT = 'i';
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
        if (value instanceof KeyValue key && compact(key)) {
            buffer.put(TAG_KEY_COMPACT).putVarInt(key.size());
            key.forEach(field -> {
                if (field instanceof String string) {
                    buffer.put(STRING).putVarInt(string.length()).putStringData(string, string.length());
                } else if (field instanceof Long number) {
                    buffer.put(LONG).putLong(number);
                } else {
                    buffer.put(INT).putInt((Integer) field);
                }
            });
            return;
        }
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
        byte tag = buffer.get(buffer.position());
        if (tag == TAG_KEY_COMPACT) {
            buffer.get();
            int size = DataUtils.readVarInt(buffer);
            List<Object> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                byte type = buffer.get();
                values.add(switch (type) {
                    case STRING -> DataUtils.readString(buffer, DataUtils.readVarInt(buffer));
                    case LONG -> buffer.getLong();
                    case INT -> buffer.getInt();
                    default -> throw new IllegalStateException("Unknown value type " + type + " in an index key");
                });
            }
            return new KeyValue(values);
        }
        if (tag != TAG_KEY_VALUE) {
            return super.read(buffer);
        }
        buffer.get();
        return new KeyValue((List<?>) decode(buffer).get("v"));
    }

    private static boolean compact(KeyValue key) {
        for (Object field : key) {
            if (!(field instanceof String || field instanceof Long || field instanceof Integer)) {
                return false;
            }
        }
        return key.size() > 0;
    }

    @Override
    public int getMemory(Object value) {
        return value instanceof KeyValue key ? 64 + 48 * key.size() : super.getMemory(value);
    }
}
