package dev.closeout.application.infrastructure.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonDocumentWriter;
import org.bson.BsonReader;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class ClassCodecRegistryTest {

    private final CodecRegistry driver = MongoClientSettings.getDefaultCodecRegistry();
    private final CodecRegistry registry = new ClassCodecRegistry(driver);

    /** What the read models and the event store write: nested documents, lists of them, every value type used. */
    private static Document sample() {
        return new Document("_id", "task-1")
                .append("version", 7L)
                .append("count", 3)
                .append("open", true)
                .append("missing", null)
                .append("at", new Date(1_764_800_000_000L))
                .append("instant", Instant.parse("2026-12-04T07:00:00Z"))
                .append("amount", new Decimal128(new BigDecimal("12.50")))
                .append("object", new ObjectId("65f0a0a0a0a0a0a0a0a0a0a0"))
                .append("payload", new Binary(new byte[]{1, 2, 3}))
                .append("title", "督查台账 第一项")
                .append("view", new Document("state", "CLAIMED")
                        .append("history", List.of(
                                new Document("type", "TaskClaimed").append("by", "dept-a"),
                                new Document("type", "ProgressReported").append("note", new Document("text", "过半")))))
                .append("map", Map.of("k", new Document("deep", List.of(1L, "two", new Document("three", 3)))));
    }

    @Test
    void encodesEveryDocumentAsTheDriversOwnRegistryDoes() {
        assertThat(encode(registry, sample())).isEqualTo(encode(driver, sample()));
    }

    @Test
    void decodesWhatItEncodedIntoTheSameDocument() {
        Document original = new Document("_id", "x").append("nested", new Document("list", List.of(new Document("a", 1L))));
        BsonDocument bson = encode(registry, original);
        Document decoded = registry.get(Document.class).decode(new BsonDocumentReader(bson), DecoderContext.builder().build());
        assertThat(decoded).isEqualTo(original);
    }

    @Test
    void rendersFiltersAndUpdatesAsTheDriverDoes() {
        Bson filter = Filters.and(Filters.eq("_id", "task-1"), Filters.in("globalIndex", List.of(1L, 2L)));
        Bson update = Updates.combine(Updates.set("view", sample().get("view")), Updates.inc("version", 1L));
        assertThat(filter.toBsonDocument(BsonDocument.class, registry))
                .isEqualTo(filter.toBsonDocument(BsonDocument.class, driver));
        assertThat(update.toBsonDocument(BsonDocument.class, registry))
                .isEqualTo(update.toBsonDocument(BsonDocument.class, driver));
    }

    @Test
    void findsACodecOncePerClass() {
        assertThat(registry.get(Document.class)).isSameAs(registry.get(Document.class));
        assertThat(registry.get(String.class)).isSameAs(registry.get(String.class));
    }

    /** A value whose codec notes whether the driver's lazy codec, which looks a nested document's codec up again, led to it. */
    public record Probe() {
    }

    private static final class ProbeCodec implements Codec<Probe> {

        private boolean throughLazyCodec;

        @Override
        public void encode(BsonWriter writer, Probe value, EncoderContext context) {
            throughLazyCodec |= Arrays.stream(new Throwable().getStackTrace())
                    .anyMatch(frame -> frame.getClassName().equals("org.bson.internal.LazyCodec"));
            writer.writeNull();
        }

        @Override
        public Probe decode(BsonReader reader, DecoderContext context) {
            reader.readNull();
            return new Probe();
        }

        @Override
        public Class<Probe> getEncoderClass() {
            return Probe.class;
        }
    }

    @Test
    void encodesANestedDocumentWithTheCodecItHandedOutNotTheDriversLazyOne() {
        Document nested = new Document("outer", new Document("inner", new Probe()));
        ProbeCodec ours = new ProbeCodec();
        ProbeCodec drivers = new ProbeCodec();

        encode(new ClassCodecRegistry(CodecRegistries.fromRegistries(CodecRegistries.fromCodecs(ours), driver)), nested);
        encode(CodecRegistries.fromRegistries(CodecRegistries.fromCodecs(drivers), driver), nested);

        assertThat(ours.throughLazyCodec).isFalse();
        // the driver's own registry does go through it: the probe can tell
        assertThat(drivers.throughLazyCodec).isTrue();
    }

    @Test
    void aCollectionOfAClientUsesTheCodecsKeptHereInTheClientsUuidRepresentation() {
        ProbeCodec probe = new ProbeCodec();
        CodecRegistry registry = new ClassCodecRegistry(CodecRegistries.fromRegistries(CodecRegistries.fromCodecs(probe), driver));
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder().codecRegistry(registry).build())) {
            // the driver wraps the client's registry before a collection sees it
            CodecRegistry collections = client.getDatabase("closeout").getCollection("task_views").getCodecRegistry();
            encode(collections, new Document("outer", new Document("inner", new Probe())));
        }
        assertThat(probe.throughLazyCodec).isFalse();

        MongoClientSettings standard = MongoConfiguration.withCodecsFoundOnce(MongoClientSettings.builder()
                .uuidRepresentation(UuidRepresentation.STANDARD).build());
        try (MongoClient client = MongoClients.create(standard)) {
            CodecRegistry collections = client.getDatabase("closeout").getCollection("files").getCodecRegistry();
            UUID id = UUID.fromString("0f4b9638-ea42-b67f-8deb-a9687e821ca0");
            BsonDocument bson = encode(collections, new Document("nested", new Document("id", id)));
            assertThat(bson.getDocument("nested").getBinary("id")).isEqualTo(new BsonBinary(id, UuidRepresentation.STANDARD));
        }
    }

    /** A record naming its own type: its provider asks for its codec while building it. */
    public record Node(String name, Node next) {
    }

    @Test
    void buildsTheCodecOfATypeThatRefersToItself() {
        Codec<Node> codec = registry.get(Node.class);
        BsonDocument bson = new BsonDocument();
        codec.encode(new BsonDocumentWriter(bson), new Node("a", new Node("b", null)), EncoderContext.builder().build());
        Node decoded = codec.decode(new BsonDocumentReader(bson), DecoderContext.builder().build());
        assertThat(decoded).isEqualTo(new Node("a", new Node("b", null)));
    }

    @Test
    void refusesAClassNoProviderKnowsAsTheDriverDoes() {
        assertThatThrownBy(() -> registry.get(Thread.class)).isInstanceOf(CodecConfigurationException.class);
    }

    private static BsonDocument encode(CodecRegistry registry, Document document) {
        BsonDocument bson = new BsonDocument();
        registry.get(Document.class).encode(new BsonDocumentWriter(bson), document, EncoderContext.builder().build());
        return bson;
    }
}
