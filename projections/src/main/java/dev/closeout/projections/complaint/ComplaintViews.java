package dev.closeout.projections.complaint;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.closeout.projections.support.DocumentMapper;
import org.bson.Document;

import java.util.Optional;

/** Reads complaint views by id: exact-key lookups that an index serves on every server. */
public class ComplaintViews {

    private final MongoCollection<Document> views;

    public ComplaintViews(MongoDatabase database) {
        this.views = database.getCollection(ComplaintViewProjection.COLLECTION);
    }

    /** The view with the complainant in full: callers mask it for readers who may not see it. */
    public Optional<ComplaintView> find(String complaintId) {
        return Optional.ofNullable(views.find(Filters.eq("_id", complaintId)).first())
                .map(d -> DocumentMapper.fromDocument(d, ComplaintView.class));
    }

    /** The stored version (last event sequence number folded in), or -1 when not yet projected. */
    public long version(String complaintId) {
        Document d = views.find(Filters.eq("_id", complaintId)).projection(new Document("version", 1)).first();
        return d == null ? -1 : ((Number) d.get("version")).longValue();
    }
}
