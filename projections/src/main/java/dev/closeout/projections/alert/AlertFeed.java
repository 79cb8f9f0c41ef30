package dev.closeout.projections.alert;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.closeout.projections.support.DocumentMapper;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Reads the alert feed by cursor. Alerts are numbered 1, 2, 3… in the order they were raised and
 * the feed's head is only moved past an alert once it is stored, so a consumer that resumes from
 * the cursor it was given misses nothing and sees nothing twice. Reads are exact-key
 * ({@code _id $in [...]}) so a page costs the same however long the feed.
 */
public class AlertFeed {

    /** How many positions one page may look through when filters skip most alerts. */
    private static final int SCAN_WINDOW = 1_000;

    private final MongoCollection<Document> alerts;
    private final MongoCollection<Document> counters;

    public AlertFeed(MongoDatabase database) {
        this.alerts = database.getCollection(AlertProjection.COLLECTION);
        this.counters = database.getCollection(AlertProjection.COUNTERS);
    }

    /** A page of alerts and the cursor to resume from (equal to {@code after} when there was nothing new). */
    public record Page(List<Alert> alerts, long next) {
    }

    /** The sequence number of the newest stored alert, 0 when there is none. */
    public long head() {
        Document counter = counters.find(Filters.eq("_id", AlertProjection.COLLECTION)).first();
        return counter == null ? 0 : ((Number) counter.get("head")).longValue();
    }

    public Page after(long cursor, int limit, AlertFilter filter) {
        long head = head();
        long position = Math.max(cursor, 0);
        List<Alert> found = new ArrayList<>();
        long scanned = position;
        while (found.size() < limit && position < head && position - cursor < SCAN_WINDOW) {
            long to = Math.min(head, position + Math.min(limit * 2L, 500));
            List<Long> keys = LongStream.rangeClosed(position + 1, to).boxed().toList();
            List<Alert> batch = new ArrayList<>();
            for (Document d : alerts.find(Filters.in("_id", keys))) {
                batch.add(fromDocument(d));
            }
            batch.sort(Comparator.comparingLong(Alert::sequence));
            scanned = to;
            for (Alert alert : batch) {
                if (!filter.accepts(alert)) {
                    continue;
                }
                found.add(alert);
                if (found.size() == limit) {
                    scanned = alert.sequence();
                    break;
                }
            }
            position = to;
        }
        return new Page(found, Math.max(scanned, Math.max(cursor, 0)));
    }

    static Alert fromDocument(Document d) {
        Document copy = new Document(d);
        copy.put("sequence", d.get("_id"));
        copy.remove("_id");
        return DocumentMapper.fromDocument(copy, Alert.class);
    }
}
