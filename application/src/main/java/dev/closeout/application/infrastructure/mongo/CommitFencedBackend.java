package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A backend whose commits see every command either whole or not at all, in the order the commands
 * ran.
 *
 * <p>An H2 commit is no consistent cut: it takes the root of one map after another while other
 * threads go on writing, and a collection's documents, its indexes and its size are separate maps.
 * So a commit could capture a tracking token's map after the token moved past an event, and the
 * read model's map before the handler of that event wrote to it; after a kill the read model then
 * misses that event for good. Commands that may write therefore run under a shared lock, and a
 * commit takes it exclusively: it starts once the running writes have finished, and holds off new
 * ones until it has taken the roots of the maps ({@link #rootsTaken()}, called by
 * {@link CommitPointFileStore}). Serializing and writing the chunk, the bulk of a commit, no longer
 * holds writes off: the maps are copy-on-write, and the backend's collections never change a stored
 * document in place ({@link CopyOnUpdateCollection}). Reads need no lock: they change nothing a
 * commit captures.
 *
 * <p>Every command also holds the store's version it started on ({@link MVStore#registerVersionUsage()}) until it
 * ends: a query reads a collection from the root it found first, and the pages under that root may meanwhile be
 * rewritten by compaction and their chunk dropped. H2 keeps a dead chunk only for its retention time (0.5 s
 * here) unless a version still in use reaches it; a scan of a county's 300,000 audit entries while a quiet
 * store compacted failed with "Chunk … not found".
 */
final class CommitFencedBackend implements MongoBackend {

    /**
     * Commands that never write. Any other command, including ones not listed here by mistake,
     * is fenced: that costs a little waiting, never consistency.
     */
    private static final Set<String> READ_ONLY_COMMANDS = Set.of(
            "find", "getMore", "count", "distinct", "listCollections", "listIndexes", "listDatabases",
            "hello", "isMaster", "ismaster", "ping", "buildInfo", "buildinfo", "serverStatus", "dbStats",
            "collStats", "killCursors", "endSessions", "getParameter", "getCmdLineOpts", "whatsmyuri",
            "connectionStatus", "getLastError", "getlasterror");

    private final MongoBackend delegate;
    private final MVStore store;
    private final ReentrantReadWriteLock fence = new ReentrantReadWriteLock();
    /** True while {@link #fencedThroughout} runs; read and written only by the thread holding the fence. */
    private boolean holdingThroughout;

    /** @param store the store {@code delegate} keeps its collections in */
    CommitFencedBackend(MongoBackend delegate, MVStore store) {
        this.delegate = delegate;
        this.store = store;
    }

    /**
     * Runs {@code commit} once no command that may write is running, and lets none start until the
     * commit calls {@link #rootsTaken()} (or ends without, e.g. when there was nothing to write).
     */
    void commitFenced(Runnable commit) {
        fence.writeLock().lock();
        try {
            commit.run();
        } finally {
            rootsTaken();
        }
    }

    /**
     * Runs {@code work}, which may commit any number of times, once no command that may write is running,
     * and lets none start until it has finished: every commit it makes is then a cut between whole
     * commands, whatever point of it {@link #rootsTaken()} is called at.
     */
    void fencedThroughout(Runnable work) {
        fence.writeLock().lock();
        holdingThroughout = true;
        try {
            work.run();
        } finally {
            holdingThroughout = false;
            fence.writeLock().unlock();
        }
    }

    /**
     * Lets writes go on again: called on the committing thread once the commit has taken every root
     * it writes. Does nothing on any other thread, a second time, or within {@link #fencedThroughout}.
     */
    void rootsTaken() {
        if (fence.isWriteLockedByCurrentThread() && !holdingThroughout) {
            fence.writeLock().unlock();
        }
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        Document document = message.getDocument();
        String command = document.isEmpty() ? "" : document.keySet().iterator().next();
        return fencedUnlessReadOnly(command, () -> delegate.handleMessage(message));
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        return fencedUnlessReadOnly(command, () -> delegate.handleCommand(channel, databaseName, command, query));
    }

    /** The legacy OP_QUERY path; current drivers do not use it, so it is simply fenced. */
    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return fenced(() -> delegate.handleQuery(query));
    }

    @Override
    public void dropDatabase(String database) {
        fenced(() -> {
            delegate.dropDatabase(database);
            return null;
        });
    }

    private <T> T fencedUnlessReadOnly(String command, Supplier<T> operation) {
        return READ_ONLY_COMMANDS.contains(command) ? onItsVersion(operation) : fenced(operation);
    }

    private <T> T fenced(Supplier<T> operation) {
        Lock shared = fence.readLock();
        shared.lock();
        try {
            return onItsVersion(operation);
        } finally {
            shared.unlock();
        }
    }

    /** Runs {@code operation} with the store keeping every chunk the version it starts on still needs. */
    private <T> T onItsVersion(Supplier<T> operation) {
        MVStore.TxCounter version = store.registerVersionUsage();
        try {
            return operation.get();
        } finally {
            store.deregisterVersionUsage(version);
        }
    }

    @Override
    public void handleClose(Channel channel) {
        delegate.handleClose(channel);
    }

    @Override
    public Collection<Document> getCurrentOperations(MongoQuery query) {
        return delegate.getCurrentOperations(query);
    }

    @Override
    public Document getServerStatus() {
        return delegate.getServerStatus();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        delegate.closeCursors(cursorIds);
    }

    @Override
    public Clock getClock() {
        return delegate.getClock();
    }

    @Override
    public void enableOplog() {
        delegate.enableOplog();
    }

    @Override
    public void disableOplog() {
        delegate.disableOplog();
    }

    @Override
    public MongoDatabase resolveDatabase(String database) {
        return delegate.resolveDatabase(database);
    }

    @Override
    public MongoBackend version(MongoVersion version) {
        delegate.version(version);
        return this;
    }
}
