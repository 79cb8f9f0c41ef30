package dev.closeout.application.axon;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which read models are being rebuilt right now, by any instance: the token store is shared, so
 * this instance sees a rebuild another one runs. A processor's stored token is a
 * {@link ReplayToken} from its reset until it passes an event newer than the reset point, so a
 * rebuild counts as running only while the replay has not yet reached the position the store had
 * at the reset. A read that finds nothing meanwhile cannot tell "unknown" from "not replayed yet",
 * and says so rather than answer 404 (see {@code ProblemHandler}).
 */
@Component
public class ReadModelRebuilds {

    private final MongoCollection<Document> tokens;
    private final Serializer serializer;

    public ReadModelRebuilds(MongoDatabase database, Serializer serializer) {
        this.tokens = DefaultMongoTemplate.builder().mongoDatabase(database).build().trackingTokensCollection();
        this.serializer = serializer;
    }

    /** The processing groups with a segment still replaying, in name order; empty when none. */
    public List<String> inProgress() {
        TreeSet<String> replaying = new TreeSet<>();
        // One document per processor segment: a handful, and only those mid-replay are decoded.
        for (Document stored : tokens.find(Filters.eq("tokenType", ReplayToken.class.getName()))) {
            Object token = stored.get("token");
            byte[] bytes = token instanceof Binary binary ? binary.getData() : (byte[]) token;
            if (bytes != null && stillReplaying(serializer.deserialize(
                    new SimpleSerializedObject<>(bytes, byte[].class, ReplayToken.class.getName(), null)))) {
                replaying.add(stored.getString("processorName"));
            }
        }
        return new ArrayList<>(replaying);
    }

    private static boolean stillReplaying(Object token) {
        if (!(token instanceof ReplayToken replay)) {
            return false;
        }
        TrackingToken current = replay.getCurrentToken();
        TrackingToken atReset = replay.getTokenAtReset();
        return atReset != null && (current == null || !current.covers(atReset));
    }
}
