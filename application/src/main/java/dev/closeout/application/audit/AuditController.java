package dev.closeout.application.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.closeout.application.infrastructure.audit.ChainAudit;
import dev.closeout.application.infrastructure.audit.ChainHead;
import dev.closeout.application.infrastructure.audit.Digest;
import dev.closeout.application.infrastructure.audit.Verification;
import dev.closeout.application.web.ItemResource;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.projections.support.OfficeZone;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.Map;

/**
 * The tamper-evident history (docs/audit.md): {@code GET /api/audit/verify} recomputes every hash
 * chain against the digests (or one item's, {@code ?task=} / {@code ?complaint=}, against the head
 * {@code audit_heads} notes: not conclusive, docs/audit.md);
 * {@code GET /api/audit/digests?from=&to=} exports the digests of those office days with their heads,
 * to print or publish; {@code POST /api/audit/digests} records one now.
 */
@RestController
@RequestMapping("/api/audit")
public class AuditController {

    /** The longest export: a year of daily digests. */
    private static final int MAX_DAYS = 366;
    /** Without {@code from}, the export starts this many days before {@code to}. */
    private static final int DEFAULT_DAYS = 30;

    private final ChainAudit audit;
    private final ObjectMapper mapper;
    private final OfficeZone zone;
    private final Clock clock;

    public AuditController(ChainAudit audit, ObjectMapper mapper, OfficeZone zone, Clock clock) {
        this.audit = audit;
        this.mapper = mapper;
        this.zone = zone;
        this.clock = clock;
    }

    @GetMapping("/verify")
    Verification verify(@RequestParam(required = false) String task,
                        @RequestParam(required = false) String complaint) {
        if (task != null && complaint != null) {
            throw new InvalidValueException("complaint", "cannot be given together with task: verify one item at a time");
        }
        if (task == null && complaint == null) {
            return audit.verify();
        }
        ItemResource<?> kind = task != null ? ItemResource.TASKS : ItemResource.COMPLAINTS;
        String raw = task != null ? task : complaint;
        Verification verification = audit.verify(kind.id(raw).toString());
        if (verification == null) {
            throw kind.notFound(raw);
        }
        return verification;
    }

    @PostMapping("/digests")
    ResponseEntity<Digest> record() {
        return ResponseEntity.status(HttpStatus.CREATED).body(audit.recordDigest());
    }

    /**
     * The digests recorded on the office days {@code from .. to} (default: the last 30 days to today),
     * each with the chain heads it lists, written as they are read, a page of heads at a time.
     */
    @GetMapping("/digests")
    ResponseEntity<StreamingResponseBody> digests(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        LocalDate last = to != null ? to : zone.today(clock);
        LocalDate first = from != null ? from : last.minusDays(DEFAULT_DAYS);
        if (last.isBefore(first)) {
            throw new InvalidValueException("to", "must not be before from (" + first + ")");
        }
        if (last.toEpochDay() - first.toEpochDay() >= MAX_DAYS) {
            throw new InvalidValueException("to", "must be within " + MAX_DAYS + " days of from");
        }
        StreamingResponseBody body = out -> {
            try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
                json.writeStartObject();
                json.writeStringField("from", first.toString());
                json.writeStringField("to", last.toString());
                json.writeArrayFieldStart("digests");
                audit.digests(first, last, digest -> write(json, digest));
                json.writeEndArray();
                json.writeEndObject();
            }
        };
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private void write(JsonGenerator json, Digest digest) {
        try {
            json.writeStartObject();
            JsonNode fields = mapper.valueToTree(digest);
            for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                json.writeFieldName(field.getKey());
                json.writeTree(field.getValue());
            }
            json.writeArrayFieldStart("chainHeads");
            audit.heads(digest, page -> {
                for (ChainHead head : page) {
                    writeHead(json, head);
                }
            });
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeHead(JsonGenerator json, ChainHead head) {
        try {
            json.writeStartObject();
            json.writeStringField("aggregateId", head.aggregateId());
            json.writeNumberField("sequence", head.sequence());
            json.writeStringField("hash", head.hash());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
