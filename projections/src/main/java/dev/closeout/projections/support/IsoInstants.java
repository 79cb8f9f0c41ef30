package dev.closeout.projections.support;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Reads the instants a read model stores ({@code 2025-05-20T02:00:00Z}, or with a fraction of a second of up to nine
 * digits: what {@link Instant#toString()} writes) without a {@link java.time.format.DateTimeFormatter}. A view of a
 * task holds a dozen of them or more, and an entries page fifty views: parsing them through the formatter was a
 * tenth of that page's time (a profile of session 25). Anything else, text in another form or not text at all, is
 * read by Jackson's own deserializer, so what it accepts and refuses stays as it was.
 */
final class IsoInstants extends StdDeserializer<Instant> {

    IsoInstants() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        Instant read = parser.hasToken(JsonToken.VALUE_STRING) ? parse(parser.getText()) : null;
        return read != null ? read : InstantDeserializer.INSTANT.deserialize(parser, context);
    }

    /**
     * The instant {@code text} names when it is written as {@link Instant#toString()} writes (a year of four digits,
     * a fraction of one to nine), as {@link Instant#parse} reads it; {@code null} for any other text, valid or not.
     */
    static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z'
                || (length > 20 && (text.charAt(19) != '.' || length == 21))) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = length > 20 ? digits(text, 20, length - 1) : 0;
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || nanos < 0 || day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        for (int digits = length - 21; digits < 9; digits++) {
            nanos *= 10;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The number the digits of {@code text} from {@code from} to {@code to} (exclusive) write, or -1. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
