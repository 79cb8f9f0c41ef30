package dev.closeout.application.web;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Request bodies are read strictly: a value of the wrong JSON type is refused (400 naming the
 * field) rather than coerced. Without this, {@code "percentComplete": "50"} and {@code 50.9} both
 * became 50, and a whole number given as a date was taken as days since 1970
 * ({@code 1767139200} became the year 4,840,232). Dates are ISO strings ({@code "2026-06-30"})
 * and nothing else. Only the HTTP input is strict: the mapper that stores events and tokens
 * keeps reading what it wrote.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJsonInput implements WebMvcConfigurer {

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        for (HttpMessageConverter<?> converter : converters) {
            if (converter instanceof MappingJackson2HttpMessageConverter json) {
                json.setObjectMapper(strict(json.getObjectMapper()));
            }
        }
    }

    static ObjectMapper strict(ObjectMapper mapper) {
        ObjectMapper strict = mapper.copy();
        strict.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        strict.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        strict.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        strict.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        // a field the request does not know is a typo more often than not ("duedate" kept the old time limit)
        strict.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        strict.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        for (LogicalType type : List.of(LogicalType.Textual, LogicalType.Integer, LogicalType.Float,
                LogicalType.Boolean, LogicalType.DateTime, LogicalType.Enum)) {
            strict.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer || type == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, type == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, type == LogicalType.Boolean
                            ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        JsonFormat.Value isoOnly = JsonFormat.Value.forLeniency(false);
        strict.configOverride(LocalDate.class).setFormat(isoOnly);
        strict.configOverride(Instant.class).setFormat(isoOnly);
        return strict;
    }
}
