package dev.closeout.application.infrastructure.readmodel;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.closeout.application.infrastructure.mongo.Durability;
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Brings an embedded store written before the read models had a file of their own (decision 0020) to the two
 * files, once, before anything reads them. The tokens of the processors whose state is kept (the alert feed, the
 * policies that register tasks) move to the read models' store, so that they go on where they were; the rebuilt
 * read models and their tokens are dropped from the events' store, and their processors, finding no token in the
 * new store, build them there from the events, as after a restore. A crash part way leaves either the tokens not
 * yet moved (the next start moves them) or moved and durable, never lost.
 */
public final class ReadModelStoreUpgrade {

    /** Axon's token store's collection, in the read models' store (decision 0020). */
    public static final String TOKENS = "trackingtokens";
    private static final Logger log = LoggerFactory.getLogger(ReadModelStoreUpgrade.class);

    private ReadModelStoreUpgrade() {
    }

    /**
     * @param readModelsDurability the read models' store's commits: the moved tokens are durable there before they
     *                             are dropped from the events' store
     */
    public static void moveOut(MongoDatabase events, MongoDatabase readModels, Durability readModelsDurability) {
        Set<String> present = new HashSet<>();
        events.listCollectionNames().forEach(present::add);
        if (present.contains(TOKENS)) {
            MongoCollection<RawBsonDocument> target = readModels.getCollection(TOKENS, RawBsonDocument.class);
            if (target.find().limit(1).first() == null) {
                List<RawBsonDocument> kept = new ArrayList<>();
                events.getCollection(TOKENS, RawBsonDocument.class)
                        .find(Filters.nin("processorName", RebuiltReadModels.GROUPS)).into(kept);
                if (!kept.isEmpty()) {
                    target.insertMany(kept);
                }
                readModelsDurability.awaitDurable();
                log.info("Moved {} tracking tokens of processors whose state is kept to the read models' store",
                        kept.size());
            }
            events.getCollection(TOKENS).drop();
        }
        Set<String> dropped = new TreeSet<>();
        for (String name : present) {
            if (RebuiltReadModels.COLLECTIONS.contains(name) || ReadModelVersions.COLLECTION.equals(name)) {
                events.getCollection(name).drop();
                dropped.add(name);
            }
        }
        if (!dropped.isEmpty()) {
            log.warn("The read models now have a store of their own (decision 0020): dropped {} from the events' store; "
                    + "they are being rebuilt from the events", dropped);
        }
    }
}
