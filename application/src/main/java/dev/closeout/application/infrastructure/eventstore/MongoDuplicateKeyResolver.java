package dev.closeout.application.infrastructure.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Recognises MongoDB's duplicate key errors (E11000), which the event store uses as its optimistic
 * concurrency check: a second event for the same aggregate sequence number, or a reused event
 * identifier, is rejected by a unique index.
 */
public final class MongoDuplicateKeyResolver implements PersistenceExceptionResolver {

    public static final MongoDuplicateKeyResolver INSTANCE = new MongoDuplicateKeyResolver();

    private MongoDuplicateKeyResolver() {
    }

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (isDuplicateKey(cause)) {
                return true;
            }
        }
        return false;
    }

    static boolean isDuplicateKey(Throwable exception) {
        if (exception instanceof MongoBulkWriteException bulk) {
            return bulk.getWriteErrors().stream()
                       .anyMatch(error -> error.getCategory() == ErrorCategory.DUPLICATE_KEY);
        }
        if (exception instanceof MongoWriteException write) {
            return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        return exception instanceof MongoServerException server
                && ErrorCategory.fromErrorCode(server.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }
}
