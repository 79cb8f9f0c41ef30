package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The page writer's bytes are the encoder's, so a page reads back the same whichever wrote it. */
class BsonPageWriterTest {

    @Test
    void writesEveryDocumentOfTheTypesItKnowsByteForByteAsTheEncoder() {
        List<Document> documents = List.of(
                new Document(),
                new Document("_id", "task-1").append("title", "巡查发现问题整改 𠀀").append("version", 7)
                        .append("globalIndex", 1L << 40).append("negative", -3L).append("share", 0.25)
                        .append("nan", Double.NaN).append("minusZero", -0.0).append("open", true).append("closed", false)
                        .append("reason", null).append("at", Instant.parse("2026-12-02T08:30:00.123Z")),
                new Document("lines", List.of(new Document("seq", 3L).append("id", "x"), new Document()))
                        .append("empty", List.of()).append("nested", new Document("deeper", new Document("deepest", List.of(1, "二", 3.5))))
                        .append("set", new LinkedHashSet<>(List.of("b", "a"))).append("withNull", Arrays.asList("a", null)),
                new Document("long", "长".repeat(10_000)));
        for (Document document : documents) {
            WriteBuffer buffer = new WriteBuffer();
            buffer.put((byte) 0x55);

            assertThat(BsonPageWriter.write(document, buffer)).as("written: %s", document).isTrue();
            assertThat(written(buffer, 1)).as("bytes of %s", document).isEqualTo(encoded(document));
        }
    }

    @Test
    void leavesTheBufferAsItWasForADocumentHoldingAnotherType() {
        Document document = new Document("_id", "c-1").append("list", List.of(1, new Document("id", new ObjectId())));
        WriteBuffer buffer = new WriteBuffer();
        buffer.put((byte) 0x55);

        assertThat(BsonPageWriter.write(document, buffer)).isFalse();
        assertThat(buffer.position()).isEqualTo(1);
    }

    @Test
    void aPageWrittenEitherWayReadsBackAsTheDocument() {
        Document document = new Document("_id", "task-1").append("lines", List.of(new Document("seq", 3L)))
                .append("at", Instant.parse("2026-12-02T08:30:00Z"));
        BsonDataType type = new BsonDataType();
        WriteBuffer buffer = new WriteBuffer();
        type.write(buffer, document);

        assertThat(type.read(buffer.getBuffer().flip())).isEqualTo(document);
    }

    private static byte[] written(WriteBuffer buffer, int from) {
        ByteBuffer bytes = buffer.getBuffer().duplicate().flip().position(from);
        byte[] result = new byte[bytes.remaining()];
        bytes.get(result);
        return result;
    }

    private static byte[] encoded(Document document) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            BsonEncoder.encodeDocument(document, buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } finally {
            buffer.release();
        }
    }
}
