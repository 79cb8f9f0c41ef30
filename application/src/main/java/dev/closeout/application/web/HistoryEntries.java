package dev.closeout.application.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stored event as an item's history shows it: {@code sequence}, {@code type},
 * {@code occurredAt} and {@code actor} first, then the event's own fields, less the item's id
 * (the URL names it already).
 */
@Component
public class HistoryEntries {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public HistoryEntries(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Map<String, Object> of(DomainEventMessage<?> event, String idField) {
        Map<String, Object> fields = mapper.convertValue(event.getPayload(), MAP);
        Object actor = fields.remove("actor");
        fields.remove(idField);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("sequence", event.getSequenceNumber());
        entry.put("type", event.getPayloadType().getSimpleName());
        entry.put("occurredAt", event.getTimestamp());
        entry.put("actor", actor);
        entry.putAll(fields);
        return entry;
    }
}
