package dev.closeout.projections.alert;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.projections.support.DocumentMapper;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Alerts after {@code cursor}, up to {@code limit} that pass the filter. Every position at or
     * below the head was stored before the head moved past it and is never renumbered (a rebuild
     * appends, see {@link AlertProjection}), so a position there without an alert can only be one
     * deleted by hand; the page passes over it rather than stall every consumer behind it.
     */
    public Page after(long cursor, int limit, AlertFilter filter) {
        long head = head();
        if (cursor > head) {
            // no cursor of this feed is past its head: one from a store since restored from an older backup would
            // otherwise read nothing until the feed numbered past it, and skip every alert in between unawares
            throw new InvalidValueException("after", "is past the feed's newest alert, " + head + ": a cursor this "
                    + "feed never gave (from before the store was restored?); read again from " + head + ", or from 0");
        }
        long scanned = Math.max(cursor, 0);
        List<Alert> found = new ArrayList<>();
        while (found.size() < limit && scanned < head && scanned - cursor < SCAN_WINDOW) {
            long to = Math.min(head, scanned + Math.min(limit * 2L, 500));
            List<Long> keys = LongStream.rangeClosed(scanned + 1, to).boxed().toList();
            Map<Long, Alert> batch = new HashMap<>();
            for (Document d : alerts.find(Filters.in("_id", keys))) {
                Alert alert = fromDocument(d);
                batch.put(alert.sequence(), alert);
            }
            for (long position = scanned + 1; position <= to; position++) {
                Alert alert = batch.get(position);
                scanned = position;
                if (alert != null && filter.accepts(alert)) {
                    found.add(alert);
                    if (found.size() == limit) {
                        return new Page(found, scanned);
                    }
                }
            }
        }
        return new Page(found, scanned);
    }

    static Alert fromDocument(Document d) {
        Document copy = new Document(d);
        copy.put("sequence", d.get("_id"));
        copy.remove("_id");
        return DocumentMapper.fromDocument(copy, Alert.class);
    }
}
