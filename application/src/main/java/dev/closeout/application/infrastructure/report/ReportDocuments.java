package dev.closeout.application.infrastructure.report;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The generated reports (周跟进 · 月调度 · 季总结), one document each in {@value #COLLECTION}, keyed by an
 * id derived from ledger, kind and period, so one period of one ledger has one document. The content is
 * kept as the exact JSON text its hash was taken of. Reports are few (a handful per ledger per month):
 * listing a ledger's reads them by the {@code ledger} index.
 */
@Component
public class ReportDocuments {

    static final String COLLECTION = "reports";

    /**
     * A stored report; {@code content} is JSON text, {@code contentHash} its SHA-256 in hex, {@code revision}
     * 0 for the first content stored under the id and one more for each that replaced it.
     */
    public record Stored(String id, String ledger, String kind, String period, Instant generatedAt,
                         String contentHash, String content, long revision) {
    }

    private final MongoCollection<Document> reports;

    public ReportDocuments(MongoDatabase database) {
        this.reports = database.getCollection(COLLECTION);
        reports.createIndex(Indexes.ascending("ledger", "kind", "period"));
    }

    /**
     * Keeps {@code report}: the one stored under its id when that has the same hash (the first
     * generation's time included), otherwise this one, replacing a differing earlier content as the next revision.
     */
    public Stored keep(Stored report) {
        Optional<Stored> stored = find(report.id());
        if (stored.isPresent() && stored.get().contentHash().equals(report.contentHash())) {
            return stored.get();
        }
        try {
            if (stored.isPresent()) {
                report = new Stored(report.id(), report.ledger(), report.kind(), report.period(), report.generatedAt(),
                        report.contentHash(), report.content(), stored.get().revision() + 1);
                reports.replaceOne(Filters.eq("_id", report.id()), document(report), new ReplaceOptions());
            } else {
                reports.insertOne(document(report));
            }
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // Generated at the same moment elsewhere: that one stands, as it says the same.
            return find(report.id()).orElseThrow();
        }
        return report;
    }

    public Optional<Stored> find(String id) {
        return Optional.ofNullable(reports.find(Filters.eq("_id", id)).first()).map(ReportDocuments::stored);
    }

    /** The reports of {@code ledger} (every ledger when null), of {@code kind} when given, latest period first. */
    public List<Stored> list(String ledger, String kind) {
        List<Bson> filters = new ArrayList<>();
        if (ledger != null) {
            filters.add(Filters.eq("ledger", ledger));
        }
        if (kind != null) {
            filters.add(Filters.eq("kind", kind));
        }
        List<Stored> found = new ArrayList<>();
        reports.find(filters.isEmpty() ? Filters.empty() : Filters.and(filters))
                .sort(Sorts.orderBy(Sorts.ascending("ledger", "kind"), Sorts.descending("period")))
                .forEach(d -> found.add(stored(d)));
        return found;
    }

    private static Document document(Stored r) {
        return new Document("_id", r.id()).append("ledger", r.ledger()).append("kind", r.kind())
                .append("period", r.period()).append("generatedAt", Date.from(r.generatedAt()))
                .append("contentHash", r.contentHash()).append("content", r.content()).append("revision", r.revision());
    }

    /** A document without a revision holds its first content. */
    private static Stored stored(Document d) {
        Number revision = (Number) d.get("revision");
        return new Stored(d.getString("_id"), d.getString("ledger"), d.getString("kind"), d.getString("period"),
                d.getDate("generatedAt").toInstant(), d.getString("contentHash"), d.getString("content"),
                revision == null ? 0 : revision.longValue());
    }
}
