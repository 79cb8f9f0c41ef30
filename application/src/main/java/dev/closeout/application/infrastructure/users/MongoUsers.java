package dev.closeout.application.infrastructure.users;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.closeout.application.security.StoredUser;
import dev.closeout.application.security.UserStore;
import dev.closeout.domain.common.Role;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The users added through the API, one document each in {@value #COLLECTION}, keyed by name
 * ({@code _id}): sign-in reads one by its exact key. A change replaces the document only if it is
 * still at the version the change was made from. The changes themselves are events
 * ({@code UserChanged}); this is the current state sign-in reads.
 */
public class MongoUsers implements UserStore {

    static final String COLLECTION = "users";

    private final MongoCollection<Document> users;

    public MongoUsers(MongoDatabase database) {
        this.users = database.getCollection(COLLECTION);
        // The embedded server looks a document up by an index on exactly the filter's fields, else scans.
        users.createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true).name("version"));
    }

    @Override
    public Optional<StoredUser> find(String name) {
        return Optional.ofNullable(users.find(Filters.eq("_id", name)).first()).map(MongoUsers::from);
    }

    @Override
    public List<StoredUser> all() {
        List<StoredUser> all = new ArrayList<>();
        users.find().sort(new Document("_id", 1)).forEach(d -> all.add(from(d)));
        return all;
    }

    @Override
    public boolean insert(StoredUser user) {
        try {
            users.insertOne(to(user));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean replace(StoredUser user, long expectedVersion) {
        return users.replaceOne(Filters.and(Filters.eq("_id", user.name()), Filters.eq("version", expectedVersion)),
                to(user)).getMatchedCount() == 1;
    }

    private static Document to(StoredUser user) {
        return new Document("_id", user.name())
                .append("passwordHash", user.passwordHash())
                .append("role", user.role().name())
                .append("department", user.department())
                .append("disabled", user.disabled())
                .append("mustChangePassword", user.mustChangePassword())
                .append("version", user.version());
    }

    private static StoredUser from(Document d) {
        return new StoredUser(d.getString("_id"), d.getString("passwordHash"), Role.valueOf(d.getString("role")),
                d.getString("department"), d.getBoolean("disabled", false), d.getBoolean("mustChangePassword", false),
                ((Number) d.get("version")).longValue());
    }
}
