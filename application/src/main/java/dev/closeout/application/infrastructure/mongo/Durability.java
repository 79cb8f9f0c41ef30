package dev.closeout.application.infrastructure.mongo;

/**
 * Makes acknowledged writes survive a crash. Called after events are written and before a
 * command is answered: on MongoDB the write concern already waited for the journal, so
 * there is nothing to do; on the embedded H2-backed server it waits for a group commit of
 * the H2 store that covers the caller's writes.
 */
@FunctionalInterface
public interface Durability {

    /** Already durable once written: MongoDB with a journaled, majority write concern. */
    Durability WRITE_CONCERN = () -> {
    };

    /** Returns once every write this thread has made so far is on disk. */
    void awaitDurable();
}
