package dev.closeout.application.security;

import java.util.List;
import java.util.Optional;

/** Where the users added through the API are kept, one entry per name (the infrastructure's MongoDB collection). */
public interface UserStore {

    Optional<StoredUser> find(String name);

    /** Every stored user, by name. */
    List<StoredUser> all();

    /** Stores a new user; false, storing nothing, when the name is taken. */
    boolean insert(StoredUser user);

    /** Replaces the user's state if it is still at {@code expectedVersion}; false, changing nothing, otherwise. */
    boolean replace(StoredUser user, long expectedVersion);
}
