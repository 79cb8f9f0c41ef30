package dev.closeout.application.infrastructure.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonJavaScript;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The server's requests decoded here are what mongo-java-server's own decoder makes of the same bytes: the same
 * documents, values of the same classes, in the same order; and what is not decoded here is left to it whole.
 */
class WireRequestDecoderTest {

    private static final int OP_MSG = 2013;
    private static final int OP_QUERY = 2004;

    @Test
    void decodesEveryRequestAsMongoJavaServerDoes() {
        Random random = new Random(28);
        long left = WireRequestDecoder.commandsLeft();
        for (int i = 0; i < 2_000; i++) {
            Document body = randomDocument(random, 0).append("$db", "closeout");
            List<Document> updates = new ArrayList<>();
            for (int n = random.nextInt(4); n > 0; n--) {
                updates.add(randomDocument(random, 1));
            }
            byte[] message = opMsg(i, body, updates.isEmpty() ? Map.of() : Map.of("updates", updates), random.nextInt(5) == 0);

            assertThat(rendered(decodedBy(new WireRequestDecoder(), message)))
                    .as("message %d", i).isEqualTo(rendered(decodedBy(new MongoWireProtocolHandler(), message)));
        }
        // decoded here, every one: none of them holds a value of another type
        assertThat(WireRequestDecoder.commandsLeft()).isEqualTo(left);
    }

    @Test
    void decodesEveryCommandTheDriverSendsHere(@TempDir Path dataDir) {
        long left = WireRequestDecoder.commandsLeft();
        long decoded = WireRequestDecoder.commandsDecoded();
        AtomicInteger sent = new AtomicInteger();
        CommandListener counting = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                sent.incrementAndGet();
            }
        };
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(MongoClientSettings.builder(server.clientSettings())
                     .addCommandListener(counting).build())) {
            MongoCollection<org.bson.Document> views = client.getDatabase("closeout").getCollection("task_views");
            views.insertOne(new org.bson.Document("_id", "t-1").append("version", 1L).append("title", "巡查整改")
                    .append("at", new Date()).append("departments", List.of("DEPT-01", "DEPT-02")));
            views.bulkWrite(List.of(
                    new ReplaceOneModel<>(new org.bson.Document("_id", "t-1").append("version", 1L),
                            new org.bson.Document("_id", "t-1").append("version", 2L).append("share", 0.5)),
                    new UpdateOneModel<>(new org.bson.Document("_id", "t-2"),
                            new org.bson.Document("$setOnInsert", new org.bson.Document("version", 1L)), new UpdateOptions().upsert(true)),
                    new DeleteOneModel<>(new org.bson.Document("_id", "t-3"))), new BulkWriteOptions().ordered(false));
            // a rebuild's batch: a message the driver writes in pieces
            List<InsertOneModel<org.bson.Document>> many = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                many.add(new InsertOneModel<>(new org.bson.Document("_id", "line-" + i).append("text", "整改情况 ".repeat(20))));
            }
            views.bulkWrite(many, new BulkWriteOptions().ordered(false));
            views.findOneAndUpdate(new org.bson.Document("_id", "t-2"), new org.bson.Document("$inc", new org.bson.Document("version", 1L)));
            List<org.bson.Document> found = views.find(new org.bson.Document("_id", new org.bson.Document("$in", List.of("t-1", "t-2"))))
                    .into(new ArrayList<>());

            assertThat(found).hasSize(2);
        }
        assertThat(sent.get()).isGreaterThanOrEqualTo(5);
        // the driver's own monitoring sends commands no listener is told of: at least as many
        assertThat(WireRequestDecoder.commandsDecoded() - decoded).isGreaterThanOrEqualTo(sent.get());
        assertThat(WireRequestDecoder.commandsLeft() - left).isZero();
    }

    @Test
    void knowsTheNamesItHasSeenWithoutMistakingOneForAnother() {
        WireRequestDecoder.Names names = new WireRequestDecoder.Names();
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            all.add("field" + i);
        }
        all.add("部门");
        all.add("");
        for (int round = 0; round < 3; round++) {
            for (String name : all) {
                byte[] bytes = ("xx" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                assertThat(names.of(bytes, 2, bytes.length - 2)).isEqualTo(name);
            }
        }
    }

    @Test
    void leavesAValueOfAnotherTypeToMongoJavaServersDecoder() {
        Document body = new Document("insert", "files").append("$db", "closeout")
                .append("documents", List.of(new Document("_id", new ObjectId()).append("bytes", new BinData(new byte[] {1, 2, 3}))
                        .append("function", new BsonJavaScript("return 1"))
                        .append("pattern", new BsonRegularExpression("^任务", "i")).append("amount", new Decimal128(5, 0))
                        .append("top", MaxKey.getInstance())));
        byte[] message = opMsg(7, body, Map.of(), false);

        assertThat(rendered(decodedBy(new WireRequestDecoder(), message)))
                .isEqualTo(rendered(decodedBy(new MongoWireProtocolHandler(), message)));
    }

    @Test
    void refusesWhatMongoJavaServersDecoderRefusesInItsWords() {
        byte[] message = opMsg(3, new Document("find", "tasks").append("$db", "closeout"), Map.of(), false);
        // a second body section
        byte[] twoBodies = Arrays.copyOf(message, message.length + 1 + (message.length - 21));
        twoBodies[message.length] = 0;
        System.arraycopy(message, 21, twoBodies, message.length + 1, message.length - 21);
        setLength(twoBodies);
        // a flag neither decoder knows
        byte[] moreToCome = message.clone();
        moreToCome[17] = 2;

        for (byte[] bad : List.of(twoBodies, moreToCome)) {
            Throwable theirs = refusal(new MongoWireProtocolHandler(), bad);
            Throwable ours = refusal(new WireRequestDecoder(), bad);
            assertThat(ours).hasRootCauseInstanceOf(theirs.getCause().getClass())
                    .hasRootCauseMessage(theirs.getCause().getMessage());
        }
    }

    @Test
    void passesOtherKindsOfMessageToMongoJavaServersDecoder() {
        ByteBuf query = Unpooled.buffer();
        query.writeIntLE(0).writeIntLE(9).writeIntLE(0).writeIntLE(OP_QUERY).writeIntLE(0);
        query.writeBytes("admin.$cmd".getBytes()).writeByte(0).writeIntLE(0).writeIntLE(-1);
        BsonEncoder.encodeDocument(new Document("isMaster", 1), query);
        query.setIntLE(0, query.readableBytes());
        byte[] message = new byte[query.readableBytes()];
        query.readBytes(message);

        assertThat(decoded(new WireRequestDecoder(), message)).isInstanceOf(MongoQuery.class).asString()
                .isEqualTo(decoded(new MongoWireProtocolHandler(), message).toString());
    }

    @Test
    void decodesAMessageThatArrivesInPieces() {
        Document body = new Document("update", "task_views").append("$db", "closeout");
        byte[] message = opMsg(11, body, Map.of("updates", List.of(new Document("q", new Document("_id", "t-1")))), false);
        EmbeddedChannel channel = new EmbeddedChannel(new WireRequestDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(message, 0, 10));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(message, 10, message.length - 10));

        MongoMessage decoded = channel.readInbound();
        assertThat(rendered(decoded)).isEqualTo(rendered(decodedBy(new MongoWireProtocolHandler(), message)));
    }

    private static MongoMessage decodedBy(ChannelHandler decoder, byte[] message) {
        Object decoded = decoded(decoder, message);
        assertThat(decoded).isInstanceOf(MongoMessage.class);
        return (MongoMessage) decoded;
    }

    private static Object decoded(ChannelHandler decoder, byte[] message) {
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.writeInbound(Unpooled.wrappedBuffer(message));
        return channel.readInbound();
    }

    private static Throwable refusal(ChannelHandler decoder, byte[] message) {
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(message)))
                .isInstanceOf(DecoderException.class).satisfies(e -> thrown[0] = e);
        return thrown[0];
    }

    /** The header, the document and each value written out with its class, so that two decodings compare whole. */
    private static String rendered(MongoMessage message) {
        StringBuilder out = new StringBuilder();
        out.append(message.getHeader().getTotalLength()).append('/').append(message.getHeader().getRequestID())
                .append('/').append(message.getHeader().getResponseTo()).append(' ');
        render(message.getDocument(), out);
        return out.toString();
    }

    private static void render(Object value, StringBuilder out) {
        if (value instanceof Document document) {
            out.append("{");
            document.forEach((name, field) -> {
                out.append(name).append(':');
                render(field, out);
                out.append(',');
            });
            out.append("}");
        } else if (value instanceof List<?> list) {
            out.append(list.getClass().getSimpleName()).append('[');
            list.forEach(element -> {
                render(element, out);
                out.append(',');
            });
            out.append(']');
        } else if (value instanceof byte[] bytes) {
            out.append("bytes").append(Arrays.toString(bytes));
        } else if (value instanceof LegacyUUID legacy) {
            out.append("LegacyUUID(").append(legacy.getUuid()).append(')');
        } else if (value instanceof BinData data) {
            out.append("BinData").append(Arrays.toString(data.getData()));
        } else if (value == null) {
            out.append("null");
        } else {
            out.append(value.getClass().getSimpleName()).append('(').append(value).append(')');
        }
    }

    private static byte[] opMsg(int requestId, Document body, Map<String, List<Document>> sequences, boolean checksum) {
        ByteBuf out = Unpooled.buffer();
        out.writeIntLE(0).writeIntLE(requestId).writeIntLE(0).writeIntLE(OP_MSG).writeIntLE(checksum ? 1 : 0);
        out.writeByte(0);
        BsonEncoder.encodeDocument(body, out);
        sequences.forEach((name, documents) -> {
            out.writeByte(1);
            int start = out.writerIndex();
            out.writeIntLE(0);
            out.writeBytes(name.getBytes()).writeByte(0);
            documents.forEach(document -> BsonEncoder.encodeDocument(document, out));
            out.setIntLE(start, out.writerIndex() - start);
        });
        if (checksum) {
            out.writeIntLE(0x1234);
        }
        out.setIntLE(0, out.writerIndex());
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    private static void setLength(byte[] message) {
        Unpooled.wrappedBuffer(message).setIntLE(0, message.length);
    }

    private static final String[] NAMES = {"_id", "title", "version", "部门", "lines", "at", "$set", "q", "u", "upsert",
            "seq", "departments", "dueDate", "x", ""};

    private static Document randomDocument(Random random, int depth) {
        Document document = new Document();
        for (int n = random.nextInt(6); n > 0; n--) {
            document.put(NAMES[random.nextInt(NAMES.length)] + (random.nextInt(3) == 0 ? random.nextInt(50) : ""),
                    randomValue(random, depth));
        }
        return document;
    }

    private static Object randomValue(Random random, int depth) {
        switch (random.nextInt(depth < 3 ? 12 : 10)) {
            case 0: return random.nextDouble() * 1e6;
            case 1: return random.nextBoolean() ? "督查台账 " + random.nextInt() : "x".repeat(random.nextInt(300));
            case 2: return random.nextInt();
            case 3: return random.nextLong();
            case 4: return random.nextBoolean();
            case 5: return null;
            case 6: return Instant.ofEpochMilli(random.nextLong() % 4_000_000_000_000L);
            case 7: return new ObjectId();
            case 8: return random.nextBoolean() ? Double.NaN : -0.0;
            case 9: return switch (random.nextInt(4)) {
                case 0 -> UUID.randomUUID();
                case 1 -> new LegacyUUID(UUID.randomUUID());
                case 2 -> {
                    byte[] data = new byte[random.nextInt(40)];
                    random.nextBytes(data);
                    yield new BinData(data);
                }
                default -> "";
            };
            case 10: return randomDocument(random, depth + 1);
            default: {
                List<Object> values = new ArrayList<>();
                for (int n = random.nextInt(5); n > 0; n--) {
                    values.add(randomValue(random, depth + 1));
                }
                return values;
            }
        }
    }
}
