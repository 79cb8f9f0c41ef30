package dev.closeout.application.infrastructure.mongo;

/**
 * A fast path's signal that it does not handle what it was given (a value of a type it does not write or read, a
 * message of another kind): its caller takes the general path, mongo-java-server's own. Thrown on hot paths, so one
 * instance without a stack trace.
 */
final class Declined extends RuntimeException {

    static final Declined INSTANCE = new Declined();

    private Declined() {
        super(null, null, false, false);
    }
}
