package dev.closeout.application.infrastructure.eventstore;

import org.bson.Document;
import org.bson.types.Binary;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash that chains an event to the previous event of its aggregate: SHA-256 over a canonical
 * form of the event as stored and the previous event's hash. The canonical form is a version tag,
 * then every field in a fixed order, each prefixed with its length (so that no two different
 * events, however their text is split between fields, share a form): aggregate identifier,
 * aggregate type, sequence number, event identifier, timestamp (as stored, ISO-8601), payload type
 * and revision, the serialized payload and metadata, and the previous hash. The first event of an
 * aggregate chains to {@link #GENESIS}. Hashes are written as 64 lowercase hex digits.
 */
public record ChainHash(String aggregateIdentifier, String aggregateType, long sequenceNumber,
                        String eventIdentifier, String timestamp, String payloadType, String payloadRevision,
                        byte[] payload, byte[] metaData) {

    /** What the first event of every aggregate chains to. */
    public static final String GENESIS = "0".repeat(64);

    private static final byte[] VERSION = "closeout-event-chain/1".getBytes(StandardCharsets.UTF_8);

    /** The hashed content of a stored (or about to be stored) event document. */
    public static ChainHash of(Document event) {
        return new ChainHash(
                event.getString(MongoEventStorageEngine.AGGREGATE_IDENTIFIER),
                event.getString(MongoEventStorageEngine.TYPE),
                ((Number) event.get(MongoEventStorageEngine.SEQUENCE_NUMBER)).longValue(),
                event.getString(MongoEventStorageEngine.EVENT_IDENTIFIER),
                event.getString(MongoEventStorageEngine.TIMESTAMP),
                event.getString(MongoEventStorageEngine.PAYLOAD_TYPE),
                event.getString(MongoEventStorageEngine.PAYLOAD_REVISION),
                bytes(event.get(MongoEventStorageEngine.PAYLOAD)),
                bytes(event.get(MongoEventStorageEngine.META_DATA)));
    }

    /** This event's hash when it follows an event whose hash is {@code previous}. */
    public String chainedTo(String previous) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256 + length(payload) + length(metaData));
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            field(out, VERSION);
            field(out, text(aggregateIdentifier));
            field(out, text(aggregateType));
            out.writeLong(sequenceNumber);
            field(out, text(eventIdentifier));
            field(out, text(timestamp));
            field(out, text(payloadType));
            field(out, text(payloadRevision));
            field(out, payload);
            field(out, metaData);
            field(out, text(previous));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(sha256().digest(buffer.toByteArray()));
    }

    /** SHA-256, which every Java runtime provides. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A field's length (-1 for none) and bytes. */
    private static void field(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }

    private static byte[] text(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[] value) {
        return value == null ? 0 : value.length;
    }

    private static byte[] bytes(Object value) {
        if (value instanceof Binary binary) {
            return binary.getData();
        }
        if (value instanceof byte[] raw) {
            return raw;
        }
        return value == null ? null : value.toString().getBytes(StandardCharsets.UTF_8);
    }
}
