package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Writes a document as BSON straight into the page H2 is writing, byte for byte as
 * mongo-java-server's {@code BsonEncoder} would: the value types documents here are made of
 * (strings, numbers, booleans, null, dates, documents, arrays) and nothing else. A commit writes
 * every document of each page it changed, so this is the store's hottest loop; the encoder builds a
 * document for every array, looks every field up again by name and writes into a buffer of its own
 * that is then copied.
 */
final class BsonPageWriter {

    private static final byte DOUBLE = 0x01;
    private static final byte STRING = 0x02;
    private static final byte DOCUMENT = 0x03;
    private static final byte ARRAY = 0x04;
    private static final byte BOOLEAN = 0x08;
    private static final byte DATE = 0x09;
    private static final byte NULL = 0x0A;
    private static final byte INT32 = 0x10;
    private static final byte INT64 = 0x12;

    private BsonPageWriter() {
    }

    /**
     * Writes {@code document} at the buffer's position; false, with the buffer as it was, if it holds a
     * value of a type not written here.
     */
    static boolean write(Document document, WriteBuffer buffer) {
        int start = buffer.position();
        try {
            document(document, buffer);
            return true;
        } catch (Declined e) {
            buffer.position(start);
            return false;
        }
    }

    private static void document(Map<String, Object> document, WriteBuffer buffer) {
        int start = buffer.position();
        buffer.putInt(0);
        for (Map.Entry<String, Object> field : document.entrySet()) {
            element(field.getKey(), field.getValue(), buffer);
        }
        end(start, buffer);
    }

    private static void array(Collection<?> values, WriteBuffer buffer) {
        int start = buffer.position();
        buffer.putInt(0);
        int index = 0;
        for (Object value : values) {
            element(Integer.toString(index++), value, buffer);
        }
        end(start, buffer);
    }

    private static void end(int start, WriteBuffer buffer) {
        buffer.put((byte) 0);
        buffer.putInt(start, Integer.reverseBytes(buffer.position() - start));
    }

    private static void element(String name, Object value, WriteBuffer buffer) {
        if (value instanceof String string) {
            name(STRING, name, buffer);
            byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
            buffer.putInt(Integer.reverseBytes(bytes.length + 1)).put(bytes).put((byte) 0);
        } else if (value instanceof Integer number) {
            name(INT32, name, buffer);
            buffer.putInt(Integer.reverseBytes(number));
        } else if (value instanceof Long number) {
            name(INT64, name, buffer);
            buffer.putLong(Long.reverseBytes(number));
        } else if (value instanceof Double number) {
            name(DOUBLE, name, buffer);
            buffer.putLong(Long.reverseBytes(Double.doubleToRawLongBits(number)));
        } else if (value instanceof Boolean flag) {
            name(BOOLEAN, name, buffer);
            buffer.put((byte) (flag ? 1 : 0));
        } else if (value == null) {
            name(NULL, name, buffer);
        } else if (value instanceof Document document) {
            name(DOCUMENT, name, buffer);
            document(document, buffer);
        } else if (value instanceof Collection<?> values) {
            name(ARRAY, name, buffer);
            array(values, buffer);
        } else if (value instanceof Instant instant) {
            name(DATE, name, buffer);
            buffer.putLong(Long.reverseBytes(instant.toEpochMilli()));
        } else {
            throw Declined.INSTANCE;
        }
    }

    private static void name(byte type, String name, WriteBuffer buffer) {
        buffer.put(type).put(name.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
    }
}
