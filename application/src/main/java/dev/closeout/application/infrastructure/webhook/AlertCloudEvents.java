package dev.closeout.application.infrastructure.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.closeout.projections.alert.Alert;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * An alert as a CloudEvents 1.0 event in structured JSON mode, the body of every delivery. The
 * event's id is the alert's id, so a receiver can deduplicate on either the CloudEvent id or the
 * {@code webhook-id} header; its data is the alert exactly as the feed serves it.
 */
class AlertCloudEvents {

    static final String CONTENT_TYPE = JsonFormat.CONTENT_TYPE;
    static final URI SOURCE = URI.create("/closeout/alerts");
    static final String TYPE_PREFIX = "dev.closeout.alert.";

    private final ObjectMapper json;
    private final EventFormat format;

    AlertCloudEvents(ObjectMapper json) {
        this.json = json;
        this.format = EventFormatProvider.getInstance().resolveFormat(CONTENT_TYPE);
    }

    byte[] body(Alert alert) {
        return format.serialize(event(alert));
    }

    CloudEvent event(Alert alert) {
        try {
            return CloudEventBuilder.v1()
                    .withId(alert.alertId())
                    .withSource(SOURCE)
                    .withType(TYPE_PREFIX + alert.type().name().toLowerCase(Locale.ROOT))
                    .withSubject(alert.subjectType() + "/" + alert.subjectId())
                    .withTime(alert.raisedAt().atOffset(ZoneOffset.UTC))
                    .withDataContentType("application/json")
                    .withData(json.writeValueAsBytes(alert))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An alert is plain data and always serialisable", e);
        }
    }
}
