package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.message.ClientRequest;
import de.bwaldvogel.mongo.wire.message.MessageHeader;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * mongo-java-server's request decoder, with the message the driver sends for every command (OP_MSG) decoded here
 * when it is made only of the value types documents here hold (strings, numbers,
 * booleans, null, dates, object ids, binary data and UUIDs, documents, arrays): the same documents, with the same values, as
 * mongo-java-server's {@code BsonDecoder} makes (the test compares them). Anything else, a message of another kind,
 * another value type, or bytes that are not a valid message, goes to mongo-java-server's decoder as it came, which
 * decodes or refuses it in its own words.
 *
 * <p>What it does differently: field names are looked up in a table of the names already seen on this connection
 * (a document's names repeat in every request) instead of decoded into a new string each time, so their hash codes
 * are computed once; strings are read straight from the buffer's array (or from one copy of a direct buffer's); an
 * array is read into a list, not into a document of its index names first. The server's decoding was 7 % of a
 * rebuild's samples (docs/measurements.md, session 28).
 *
 * <p>One instance per connection, used by one thread at a time (the pipeline's).
 */
final class WireRequestDecoder extends MongoWireProtocolHandler {

    private static final int HEADER_LENGTH = 16;
    private static final int OP_MSG = 2013;
    private static final int CHECKSUM_PRESENT = 1;
    private static final byte SECTION_BODY = 0;
    private static final byte SECTION_DOCUMENT_SEQUENCE = 1;

    /** OP_MSG requests decoded here, and those left to mongo-java-server's decoder (a value of a type not read here). */
    private static final LongAdder DECODED = new LongAdder();
    private static final LongAdder LEFT = new LongAdder();

    private final Names names = new Names();

    /** How many of the driver's commands, in this JVM so far, were decoded here. */
    static long commandsDecoded() {
        return DECODED.sum();
    }

    /** How many of the driver's commands, in this JVM so far, were left to mongo-java-server's decoder. */
    static long commandsLeft() {
        return LEFT.sum();
    }

    @Override
    protected ClientRequest decode(ChannelHandlerContext context, ByteBuf in) throws Exception {
        int start = in.readerIndex();
        if (in.readableBytes() < HEADER_LENGTH + 4) {
            return super.decode(context, in);
        }
        int totalLength = in.getIntLE(start);
        if (in.getIntLE(start + 12) != OP_MSG || totalLength > MAX_MESSAGE_SIZE_BYTES
                || totalLength < HEADER_LENGTH + 4 || in.readableBytes() < totalLength) {
            return super.decode(context, in);
        }
        Document body;
        try {
            if (in.hasArray()) {
                body = message(in.array(), in.arrayOffset() + start, totalLength);
            } else {
                // a message the driver wrote in pieces is gathered by Netty in a direct buffer: read from a copy
                byte[] copy = new byte[totalLength];
                in.getBytes(start, copy);
                body = message(copy, 0, totalLength);
            }
        } catch (Declined | IndexOutOfBoundsException e) {
            // left as it came: mongo-java-server's decoder reads it from the start
            LEFT.increment();
            return super.decode(context, in);
        }
        in.readerIndex(start + totalLength);
        DECODED.increment();
        MessageHeader header = new MessageHeader(totalLength, in.getIntLE(start + 4), in.getIntLE(start + 8));
        return new MongoMessage(context.channel(), header, body);
    }

    /** The body of the OP_MSG at {@code offset}, each document sequence added to it under its name. */
    private Document message(byte[] bytes, int offset, int totalLength) {
        int flags = intAt(bytes, offset + HEADER_LENGTH);
        if ((flags & ~CHECKSUM_PRESENT) != 0) {
            throw Declined.INSTANCE;
        }
        int end = offset + totalLength - ((flags & CHECKSUM_PRESENT) != 0 ? 4 : 0);
        Reader reader = new Reader(bytes, offset + HEADER_LENGTH + 4, end, names);
        Document body = null;
        List<Map.Entry<String, List<Document>>> sequences = new ArrayList<>(1);
        while (reader.position < end) {
            byte kind = bytes[reader.position++];
            if (kind == SECTION_BODY && body == null) {
                body = reader.document();
            } else if (kind == SECTION_DOCUMENT_SEQUENCE) {
                int sectionEnd = reader.position + reader.int32();
                String identifier = reader.string(reader.cStringLength());
                reader.position++;
                List<Document> documents = new ArrayList<>();
                while (reader.position < sectionEnd) {
                    documents.add(reader.document());
                }
                if (documents.isEmpty() || reader.position != sectionEnd) {
                    throw Declined.INSTANCE;
                }
                sequences.add(Map.entry(identifier, documents));
            } else {
                throw Declined.INSTANCE;
            }
        }
        if (reader.position != end || body == null) {
            throw Declined.INSTANCE;
        }
        for (Map.Entry<String, List<Document>> sequence : sequences) {
            if (body.put(sequence.getKey(), sequence.getValue()) != null) {
                throw Declined.INSTANCE;
            }
        }
        return body;
    }

    private static int intAt(byte[] bytes, int at) {
        return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16 | (bytes[at + 3] & 0xff) << 24;
    }

    private static final class Reader {

        private final byte[] bytes;
        /** Where the message's sections end: nothing is read at or after it. */
        private final int limit;
        private final Names names;
        private int position;

        Reader(byte[] bytes, int position, int limit, Names names) {
            this.bytes = bytes;
            this.position = position;
            this.limit = limit;
            this.names = names;
        }

        Document document() {
            int start = position;
            int length = int32();
            if (length < 5 || length > limit - start) {
                throw Declined.INSTANCE;
            }
            int end = start + length - 1;
            Document document = new Document();
            while (position < end) {
                byte type = bytes[position++];
                int nameLength = cStringLength();
                String name = names.of(bytes, position, nameLength);
                position += nameLength + 1;
                if (document.put(name, value(type)) != null) {
                    // a name twice: mongo-java-server's decoder refuses it
                    throw Declined.INSTANCE;
                }
            }
            if (position != end || bytes[position] != 0) {
                throw Declined.INSTANCE;
            }
            position++;
            return document;
        }

        private List<Object> array() {
            int start = position;
            int length = int32();
            if (length < 5 || length > limit - start) {
                throw Declined.INSTANCE;
            }
            int end = start + length - 1;
            List<Object> values = new ArrayList<>();
            while (position < end) {
                byte type = bytes[position++];
                // the index names are not needed: the values come in their order
                position += cStringLength() + 1;
                values.add(value(type));
            }
            if (position != end || bytes[position] != 0) {
                throw Declined.INSTANCE;
            }
            position++;
            return values;
        }

        private Object value(byte type) {
            switch (type) {
                case 0x01:
                    return Double.longBitsToDouble(int64());
                case 0x02: {
                    int length = int32();
                    if (length < 1 || length > limit - position || bytes[position + length - 1] != 0) {
                        throw Declined.INSTANCE;
                    }
                    String value = string(length - 1);
                    position++;
                    return value;
                }
                case 0x03:
                    return document();
                case 0x04:
                    return array();
                case 0x05:
                    return binary();
                case 0x06:
                case 0x0A:
                    return null;
                case 0x07: {
                    if (limit - position < 12) {
                        throw Declined.INSTANCE;
                    }
                    byte[] id = Arrays.copyOfRange(bytes, position, position + 12);
                    position += 12;
                    return new ObjectId(id);
                }
                case 0x08: {
                    byte value = bytes[position++];
                    if (value == 0) {
                        return Boolean.FALSE;
                    }
                    if (value == 1) {
                        return Boolean.TRUE;
                    }
                    throw Declined.INSTANCE;
                }
                case 0x09:
                    return Instant.ofEpochMilli(int64());
                case 0x10:
                    return int32();
                case 0x12:
                    return int64();
                default:
                    throw Declined.INSTANCE;
            }
        }

        /**
         * Binary data as mongo-java-server reads it: generic and user-defined as {@link BinData}, a UUID (every
         * command's session id is one) as {@link UUID}, a legacy one as {@link LegacyUUID}.
         */
        private Object binary() {
            int length = int32();
            byte subtype = bytes[position++];
            if (length < 0 || length > limit - position) {
                throw Declined.INSTANCE;
            }
            switch (subtype) {
                case 0x00:
                case (byte) 0x80: {
                    byte[] data = Arrays.copyOfRange(bytes, position, position + length);
                    position += length;
                    return new BinData(data);
                }
                case 0x03:
                case 0x04: {
                    if (length != 16) {
                        throw Declined.INSTANCE;
                    }
                    if (subtype == 0x03) {
                        return new LegacyUUID(int64(), int64());
                    }
                    long most = Long.reverseBytes(int64());
                    long least = Long.reverseBytes(int64());
                    return new UUID(most, least);
                }
                default:
                    throw Declined.INSTANCE;
            }
        }

        int int32() {
            int value = intAt(bytes, position);
            position += 4;
            return value;
        }

        private long int64() {
            long value = (intAt(bytes, position) & 0xffffffffL) | (long) intAt(bytes, position + 4) << 32;
            position += 8;
            return value;
        }

        /** The length of the C string at the position, without its terminating zero. */
        int cStringLength() {
            for (int i = position; i < limit; i++) {
                if (bytes[i] == 0) {
                    return i - position;
                }
            }
            throw Declined.INSTANCE;
        }

        /** The {@code length} bytes at the position as UTF-8, the position moved past them. */
        String string(int length) {
            if (length > limit - position) {
                throw Declined.INSTANCE;
            }
            String value = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return value;
        }
    }

    /**
     * The field names seen so far, by their bytes: a table of 1,024 slots, each holding the last name whose bytes
     * hashed to it. A miss decodes the name and takes the slot.
     */
    static final class Names {

        private static final int SLOTS = 1024;

        private final byte[][] keys = new byte[SLOTS][];
        private final String[] names = new String[SLOTS];

        String of(byte[] bytes, int offset, int length) {
            int hash = 1;
            for (int i = offset; i < offset + length; i++) {
                hash = 31 * hash + bytes[i];
            }
            int slot = (hash ^ hash >>> 16) & (SLOTS - 1);
            byte[] key = keys[slot];
            if (key != null && Arrays.equals(key, 0, key.length, bytes, offset, offset + length)) {
                return names[slot];
            }
            String name = new String(bytes, offset, length, StandardCharsets.UTF_8);
            keys[slot] = Arrays.copyOfRange(bytes, offset, offset + length);
            names[slot] = name;
            return name;
        }
    }
}
