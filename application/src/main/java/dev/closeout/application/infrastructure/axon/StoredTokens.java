package dev.closeout.application.infrastructure.axon;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

import java.util.ArrayList;
import java.util.List;

/**
 * The tracking tokens the processors stored, read without claiming them (the token store's
 * {@code fetchToken} would claim): the store is shared, so this shows where a processor is even
 * when another instance runs it. One document per processor segment, a handful in all.
 */
public class StoredTokens {

    /** A segment's stored token; {@code token} is {@code null} for a segment that stored none yet. */
    public record Stored(String processorName, TrackingToken token) {
    }

    private final MongoCollection<Document> tokens;
    private final Serializer serializer;

    public StoredTokens(MongoDatabase database, Serializer serializer) {
        this.tokens = DefaultMongoTemplate.builder().mongoDatabase(database).build().trackingTokensCollection();
        this.serializer = serializer;
    }

    /** The stored tokens of the segments the filter selects ({@code processorName}, {@code tokenType}, …). */
    public List<Stored> find(Bson filter) {
        List<Stored> found = new ArrayList<>();
        for (Document d : tokens.find(filter)) {
            found.add(new Stored(d.getString("processorName"), decode(d)));
        }
        return found;
    }

    private TrackingToken decode(Document d) {
        Object token = d.get("token");
        byte[] bytes = token instanceof Binary binary ? binary.getData() : (byte[]) token;
        String type = d.getString("tokenType");
        if (bytes == null || type == null) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null));
    }
}
