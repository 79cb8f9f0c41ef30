package dev.closeout.projections.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The read side of {@link LineBuckets}: the bucket documents that listings (a ledger, a month of
 * receipt) name, fetched by their exact keys, because a query on a bucket's own fields would make
 * the embedded server scan every line. A listing is small, so reading many is cheap; what a read
 * costs is the lines of the buckets it fetches.
 */
public final class ListedBuckets {

    /** One stored line, with the id of its item and the bucket document it was read from. */
    public record Line(String itemId, Document bucket, Document stored) {
    }

    private final MongoCollection<Document> listings;
    private final MongoCollection<Document> buckets;

    public ListedBuckets(MongoDatabase database, String listings, String buckets) {
        this.listings = database.getCollection(listings);
        this.buckets = database.getCollection(buckets);
    }

    /** The buckets listed by the listings {@code which} selects ({@link Filters#empty()} for all). */
    public List<Document> buckets(Bson which) {
        return buckets(which, (listing, key) -> true);
    }

    /**
     * The buckets listed by the listings {@code which} selects, of the keys {@code wanted} keeps when
     * given the listing's id (a ledger's name, a month's key) and the key.
     */
    public List<Document> buckets(Bson which, BiPredicate<String, String> wanted) {
        List<String> keys = new ArrayList<>();
        for (Document listing : listings.find(which).projection(Projections.include(LineBuckets.LISTED))) {
            String id = listing.getString("_id");
            listing.getList(LineBuckets.LISTED, String.class, List.of()).stream()
                    .filter(key -> wanted.test(id, key))
                    .forEach(keys::add);
        }
        if (keys.isEmpty()) {
            return List.of();
        }
        return buckets.find(Filters.in("_id", keys)).into(new ArrayList<>());
    }

    /** The ids of every listing (every ledger's name, every month's key), in no particular order. */
    public List<String> listingIds() {
        List<String> ids = new ArrayList<>();
        for (Document listing : listings.find().projection(Projections.include("_id"))) {
            ids.add(listing.getString("_id"));
        }
        return ids;
    }

    /** Every line of the buckets listed by the listings {@code which} selects. */
    public List<Line> lines(Bson which) {
        return lines(buckets(which));
    }

    /** Every line of these bucket documents. */
    public static List<Line> lines(List<Document> buckets) {
        List<Line> lines = new ArrayList<>();
        for (Document bucket : buckets) {
            for (Map.Entry<String, Object> e : LineBuckets.lines(bucket).entrySet()) {
                lines.add(new Line(e.getKey(), bucket, (Document) e.getValue()));
            }
        }
        return lines;
    }
}
