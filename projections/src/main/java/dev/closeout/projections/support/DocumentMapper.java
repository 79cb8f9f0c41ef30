package dev.closeout.projections.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.bson.Document;

import java.time.Instant;
import java.util.Map;

/**
 * Turns read-model records into BSON documents and back. Dates and instants are stored as
 * ISO-8601 strings, which sort correctly as text and read plainly in a Mongo shell.
 */
public final class DocumentMapper {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule().addDeserializer(Instant.class, new IsoInstants()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    private DocumentMapper() {
    }

    @SuppressWarnings("unchecked")
    public static Document toDocument(Object value) {
        return new Document(MAPPER.convertValue(value, Map.class));
    }

    public static <T> T fromDocument(Document document, Class<T> type) {
        return MAPPER.convertValue(document, type);
    }
}
