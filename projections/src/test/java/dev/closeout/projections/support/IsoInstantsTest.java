package dev.closeout.projections.support;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The instants a read model stores are read as {@link Instant#parse} reads them, whatever their year and fraction;
 * text in any other form, valid or not, is left to Jackson's own deserializer rather than read wrong.
 */
class IsoInstantsTest {

    /** A view's instant, as a read model stores it and reads it back. */
    record Stamped(Instant at, List<Instant> history) {
    }

    @Test
    void every_instant_written_as_instants_write_themselves_is_read_back_as_itself() {
        Random random = new Random(20261204);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            long second = i % 3 == 0 ? first + (long) (random.nextDouble() * (last - first))
                    : 1_700_000_000L + random.nextInt(400_000_000);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(second, nanos);
            assertThat(IsoInstants.parse(instant.toString())).as(instant.toString()).isEqualTo(instant);
        }
    }

    @Test
    void fractions_of_any_length_read_as_instant_parse_reads_them() {
        for (String text : List.of("2025-05-20T02:00:00.5Z", "2025-05-20T02:00:00.05Z", "2025-05-20T02:00:00.1234Z",
                "2025-05-20T02:00:00.12345Z", "2025-05-20T02:00:00.1234567Z", "2025-05-20T02:00:00.12345678Z",
                "2024-02-29T23:59:59.999999999Z", "1969-12-31T23:59:59.9Z", "0000-02-29T00:00:00Z")) {
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void text_in_another_form_or_naming_no_instant_is_left_to_jacksons_own_reading() {
        for (String text : List.of("2025-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2025-04-31T00:00:00Z",
                "2025-13-01T00:00:00Z", "2025-05-20T24:00:00Z", "2025-05-20T23:60:00Z", "2025-05-20T23:59:60Z",
                "2025-05-20T02:00:00.Z", "2025-05-20T02:00:00.1234567890Z", "2025-5-20T02:00:00Z",
                "+12025-05-20T02:00:00Z", "2025-05-20T02:00:00+08:00", "2025-05-20 02:00:00Z", "2025-05-20T02:00:00",
                "２０２５-05-20T02:00:00Z", "2025-05-20T0a:00:00Z", "")) {
            assertThat(IsoInstants.parse(text)).as(text).isNull();
        }
        assertThatThrownBy(() -> DocumentMapper.fromDocument(new Document("at", "2025-02-30T00:00:00Z"), Stamped.class))
                .as("an impossible day is refused, as it was").hasRootCauseInstanceOf(DateTimeParseException.class);
    }

    @Test
    void a_view_written_and_read_back_keeps_its_instants() {
        Stamped view = new Stamped(Instant.parse("2025-05-20T02:00:00.120Z"),
                List.of(Instant.parse("2025-05-19T16:00:00Z"), Instant.ofEpochSecond(1_747_706_400L, 1)));
        Document stored = DocumentMapper.toDocument(view);
        assertThat(stored.get("at")).isEqualTo("2025-05-20T02:00:00.120Z");
        assertThat(DocumentMapper.fromDocument(stored, Stamped.class)).isEqualTo(view);
        assertThat(DocumentMapper.fromDocument(new Document("at", "2025-05-20T10:00:00+08:00"), Stamped.class).at())
                .as("an offset, read by Jackson's own deserializer").isEqualTo(Instant.parse("2025-05-20T02:00:00Z"));
    }
}
