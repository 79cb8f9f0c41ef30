package dev.closeout.projections.complaint;

import com.mongodb.client.MongoDatabase;
import dev.closeout.projections.support.ViewDocuments;

/**
 * The complaint views by complaint id: {@link ComplaintViewProjection} writes them, the API reads
 * them. A view holds the complainant in full: callers mask it for readers who may not see it.
 */
public class ComplaintViews extends ViewDocuments<ComplaintView> {

    public ComplaintViews(MongoDatabase database) {
        super(database.getCollection(ComplaintViewProjection.COLLECTION), ComplaintView.class,
                ComplaintView::complaintId);
    }
}
