package dev.closeout.application.infrastructure.mongo;

import com.mongodb.MongoClientSettings;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * mongo-java-server in this JVM, storing its data in one H2 MVStore file under a data directory,
 * reachable only by clients in this JVM built from {@link #clientSettings()}: it has no
 * authentication, so it listens on no port (see {@link InProcessWire}). The embedded default runs two, the
 * events' store and the read models' beside it ({@link #startReadModels}, decision 0020).
 *
 * <p>We open the MVStore ourselves instead of letting the backend do it, to own every
 * commit: H2's background auto-commit hands chunks to a writer thread without waiting, so an
 * explicit commit racing with it can return before the data reached the file. With auto-commit
 * off, every commit is the synchronous one {@link GroupCommit} issues. {@code commit()} writes
 * without fsync: acknowledged writes survive a killed process; a power loss can lose what was
 * written since the last periodic fsync. H2 would also commit on a writer's thread once unsaved
 * pages exceed its write buffer; that is switched off too, so that every commit goes through
 * {@link CommitFencedBackend#commitFenced}, and is a consistent cut of the commands before it;
 * writes wait only while a commit takes the maps' roots, not while it serializes and writes them
 * ({@link CommitPointFileStore}).
 *
 * <p>Every commit writes a new chunk, and a chunk's space is reused only once nothing in it is
 * live; with a commit per command, most chunks keep a page or two alive. So the committer, between
 * commits, rewrites the live pages of mostly-dead chunks (a little at a time while commands come,
 * more when none has for a second), and dead chunks are reused after a short retention
 * time, covered by a periodic fsync.
 *
 * <p>The backend is {@link BsonH2Backend}: documents and index keys go into the file as BSON, not
 * Java-serialized (decision 0007).
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    public static final String FILE_NAME = "closeout.mv.db";
    /** The read models' store beside it (decision 0020), named so that a glob of {@code closeout*.mv.db} finds both. */
    public static final String READ_MODELS_FILE_NAME = "closeout-read-models.mv.db";

    /**
     * How long after its creation a chunk's space may be reused once it is dead. H2's 45 s
     * default assumes the OS flushes its write buffers within that time; but dead chunks younger
     * than this pile up, about commits per second x chunk size x retention, and at hundreds of
     * commits a second the 45 s let the file grow by gigabytes. We fsync every
     * {@link #SYNC_INTERVAL} instead and keep this just above it.
     */
    static final int RETENTION_MILLIS = 500;
    static final Duration SYNC_INTERVAL = Duration.ofMillis(250);
    /**
     * Chunks whose live share is below this percentage get their live pages rewritten. Rewriting a
     * chunk that is x % alive moves x bytes for every 100 - x it frees: at 80 % four bytes a byte,
     * at 50 % one; the file may hold up to about twice its live data in return.
     */
    static final int COMPACT_TARGET_FILL_RATE = 50;
    /**
     * Bytes rewritten per compaction run at most while the store is busy, callers waiting for the next
     * commit or having asked for one within {@link #BUSY_WINDOW}: the commit waits for the run, and
     * they with it, so this bounds the stall a run adds to commands. Measured at
     * 10,000 tasks (docs/measurements.md, session 13): runs of 4 MB every 250 ms left the registrations'
     * p99 at 124-153 ms, no compaction at all at 99 ms (the file 140x the events), runs of 1 MB every
     * 62 ms at 103 ms (the file 24x). Session 12 measured runs on a thread of their own: 16 MB once a
     * second stalled commits for up to 400 ms. Those were pages as written then; H2 counts the bytes a
     * chunk holds, and compressed pages hold about 0.4 of that, so the limit is halved to keep a run's
     * work (and stall) about as it was.
     */
    static final int COMPACT_WRITE_LIMIT_BUSY = 512 * 1024;
    /**
     * Bytes rewritten per run at most when no command has asked for a commit within
     * {@link #BUSY_WINDOW} (a rebuild, whose writes nobody awaits; a quiet office), so the file is
     * reclaimed when that costs no one a wait. Measured (session 13): telling "busy" by callers waiting
     * at that moment alone, runs of this size came between the commands of 8 clients and kept the
     * registrations' p99 at 141 ms. Halved, as the busy limit, since pages are compressed. While people are at work
     * ({@link UserActivity}) and no large writes come, runs are no longer than when busy: reads share the CPU with
     * them.
     */
    static final int COMPACT_WRITE_LIMIT_IDLE = 2 * 1024 * 1024;
    static final Duration BUSY_WINDOW = Duration.ofSeconds(1);
    /**
     * The store starts to shrink its file when it is quiet (no command asked for a commit within
     * {@link #BUSY_WINDOW}, no user at work ({@link UserActivity}), no more than {@link #QUIET_COMMIT_BYTES} in the
     * last commit and nothing since, nothing left to compact) and the chunks holding live pages are less alive than
     * this on the whole, or less than
     * {@link #SHRINK_BELOW_FILE_FILL_RATE} of the file is in chunks: compaction while commands come stops at
     * chunks half alive, and reuses space inside the file but gives none back.
     */
    static final int SHRINK_BELOW_CHUNKS_FILL_RATE = 65;
    static final int SHRINK_BELOW_FILE_FILL_RATE = 70;
    /**
     * A file smaller than this is never shrunk: there is nothing worth giving back, and an empty store's file (its
     * headers, no chunk) is 0 % in chunks, which started a shrink that moved nothing, sixteen rounds of commits in a
     * row, at every start of a store nothing had been written to yet.
     */
    static final long SHRINK_FROM_BYTES = 1024 * 1024;
    /**
     * Shrinking rewrites the chunks less alive than this (four bytes moved for each byte freed, which costs
     * nobody a wait when the store is quiet), then moves chunks from the end of the file into the free space
     * before them until {@link #SHRINK_TO_FILE_FILL_RATE} of the file is in chunks; H2 cuts the file after
     * its last chunk. The gap between these and the rates that start it keeps a shrunk store from being
     * rewritten again and again.
     */
    static final int SHRINK_TO_CHUNKS_FILL_RATE = 80;
    static final int SHRINK_TO_FILE_FILL_RATE = 90;
    /** Bytes rewritten per run at most while shrinking; a command that comes meanwhile waits for the run. */
    static final int SHRINK_WRITE_LIMIT = 16 * 1024 * 1024;
    /** Bytes of chunks moved per run at most; a command that comes meanwhile waits for the run (it holds the fence). */
    static final int SHRINK_MOVE_LIMIT = 16 * 1024 * 1024;
    /**
     * A commit writing more than this besides what compaction rewrote (all of it when a quiet store's compaction
     * asked for the commit, up to the run's limit otherwise) means writes are coming (a rebuild's, which nobody
     * awaits); less is the processors' claims on their tokens, renewed every few seconds.
     */
    static final long QUIET_COMMIT_BYTES = 256 * 1024;
    /** A quiet store drops its dead chunks when they hold this many bytes; a commit drops them anyway. */
    static final long DROP_DEAD_CHUNKS_FROM = 1024 * 1024;
    /**
     * Rounds of moving chunks in a row that leave the file as long as it was, after which the shrink stops: a
     * move fills a hole before the file's end, and the file is cut once its last chunks are moved, so a few
     * rounds may not shrink it, but moving chunks back and forth for ever must not happen.
     */
    static final int SHRINK_MOVES_WITHOUT_PROGRESS = 16;
    static final Duration COMPACT_INTERVAL = Duration.ofMillis(60);
    /** H2's page cache; its default of 16 MB re-reads pages of a county's read models from the file. */
    static final int CACHE_MEGABYTES = 64;
    /** Writes nobody awaits (read models, tokens) reach the file at least this often. */
    static final Duration IDLE_COMMIT_INTERVAL = Duration.ofSeconds(1);

    /**
     * How often the committer comes round with nothing asked of it, and how long a caller's request keeps the store
     * busy: {@link #IDLE_COMMIT_INTERVAL} and {@link #BUSY_WINDOW} for every store but those of tests in this package
     * that watch many rounds (a quiet store's shrink): they count rounds, and would otherwise wait seconds for each.
     */
    record Pace(Duration busyWindow, Duration idleCommitInterval) {
        static final Pace DEFAULT = new Pace(BUSY_WINDOW, IDLE_COMMIT_INTERVAL);
    }

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);

    private final Path file;
    private final CommitPointFileStore fileStore;
    private final MVStore store;
    private final CommitFencedBackend backend;
    private final InProcessWire wire;
    private final GroupCommit groupCommit;
    private final ScheduledExecutorService maintenance;
    /** Whether people are at work, which keeps the store from shrinking its file. */
    private final UserActivity users;
    /** When the committer last ran compaction ({@link System#nanoTime()}); the committer's alone. */
    private long lastCompaction = System.nanoTime();
    /** Whether the file is being shrunk, from the quiet moment it started until it is done; the committer's alone. */
    private boolean shrinking;
    /** Whether the last commit wrote more than {@link #QUIET_COMMIT_BYTES} besides compaction's pages. */
    private final CommitWrites commitWrites = new CommitWrites(QUIET_COMMIT_BYTES);
    private final AtomicLong commits = new AtomicLong();
    /** Whether the last compaction of a quiet store left work for at once; the committer's alone. */
    private boolean quietWorkLeft;
    /** Rounds of moving chunks since the file last got smaller; the committer's alone. */
    private int movesWithoutShrinking;
    /** Whether a test in this package holds compaction and the shrink off ({@link #holdCompaction()}). */
    private volatile boolean compactionHeld;
    /** Times the committer ran compaction (whether or not it had work): for tests in this package. */
    private final AtomicLong compactionRuns = new AtomicLong();
    /** A failure the next fsyncs meet instead of the disk's, put in by a test in this package ({@link #failSyncs}). */
    private volatile RuntimeException syncFailure;
    /** Set once an fsync failed and the store was closed for it ({@link #sync()}). */
    private volatile boolean closedBySyncFailure;

    private EmbeddedMongoServer(Path file, CommitPointFileStore fileStore, MVStore store, CommitFencedBackend backend,
                                InProcessWire wire, String threadPrefix, UserActivity users, Pace pace) {
        this.file = file;
        this.users = users;
        this.fileStore = fileStore;
        this.store = store;
        this.backend = backend;
        this.wire = wire;
        this.groupCommit = new GroupCommit(this::commit, this::compactIfDue, pace.busyWindow(),
                pace.idleCommitInterval(), threadPrefix + "-commit");
        this.maintenance = Executors.newScheduledThreadPool(1, runnable -> {
            Thread thread = new Thread(runnable, threadPrefix + "-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        schedule(this::sync, SYNC_INTERVAL);
    }

    /** Opens (or creates) the store under {@code dataDir} and serves clients of this JVM; no user reaches it. */
    public static EmbeddedMongoServer start(Path dataDir) {
        return start(dataDir, UserActivity.none());
    }

    /**
     * Opens (or creates) the store under {@code dataDir} and starts serving clients of this JVM; it shrinks its file
     * only when {@code users} are not at work.
     */
    public static EmbeddedMongoServer start(Path dataDir, UserActivity users) {
        return start(dataDir, users, Pace.DEFAULT);
    }

    /** As {@link #start(Path, UserActivity)}, its committer at {@code pace}: for tests in this package. */
    static EmbeddedMongoServer start(Path dataDir, UserActivity users, Pace pace) {
        return start(dataDir, FILE_NAME, "embedded-mongo", null, users, pace);
    }

    /**
     * Opens (or creates) the read models' store, {@value #READ_MODELS_FILE_NAME}, beside the store of
     * {@code events} (decision 0020): the read models, the processors' tracking tokens and the state of their
     * rebuilds, written by the event processors only, which nobody waits to see committed. It commits once a
     * second, so a commit holds hundreds of commands' read-model writes, where the events' store commits for
     * every few commands.
     *
     * <p>Its commits are never ahead of the events' store: the processors read events as soon as they are written,
     * before a commit of {@code events} covers them, so each commit of this store, once it has taken its roots
     * (every write it holds is done), waits for a commit of {@code events} that starts after that and for its
     * fsync, and only then writes its chunk. After a crash, then, a token never points past an event that was lost
     * with the events' store's last uncommitted writes, and each processor goes on from its last committed token,
     * handling again what it handled in the last second (every handler is idempotent). Close this store before
     * {@code events}. It shrinks its file only when the users of {@code events} are not at work.
     */
    public static EmbeddedMongoServer startReadModels(Path dataDir, EmbeddedMongoServer events) {
        return start(dataDir, READ_MODELS_FILE_NAME, "read-models", events, events.users, Pace.DEFAULT);
    }

    private static EmbeddedMongoServer start(Path dataDir, String fileName, String threadPrefix,
                                             EmbeddedMongoServer upstream, UserActivity users, Pace pace) {
        Path directory = dataDir.toAbsolutePath().normalize();
        Path file = directory.resolve(fileName);
        OwnerOnlyStore.prepare(directory, file);
        CommitPointFileStore fileStore = new CommitPointFileStore(CACHE_MEGABYTES);
        // H2's retry: file system opens the channel again when an interrupted thread closed it, and repeats the read
        // or write: requests are served on the application's threads (InProcessWire), which Axon may interrupt
        fileStore.open("retry:" + file, false, null);
        MVStore store;
        try {
            store = new MVStore.Builder()
                    .adoptFileStore(fileStore)
                    // LZF, each page as it is written: documents repeat their field names and many of their values,
                    // and a county's file is a third of the size (docs/measurements.md). A page records whether it is
                    // compressed, so files written before open as they are and their pages compress when rewritten.
                    .compress()
                    .autoCommitDisabled()
                    .autoCommitBufferSize(0)
                    .open();
        } catch (RuntimeException e) {
            fileStore.close();
            throw e;
        }
        store.setRetentionTime(RETENTION_MILLIS);
        // as H2's own database does: a dead chunk is not kept for five more commits (a quiet store makes none)
        store.setVersionsToKeep(0);
        // opening rebuilds index maps written by an earlier version; commit that before serving
        CommitFencedBackend backend = new CommitFencedBackend(new BsonH2Backend(store), store);
        if (upstream == null) {
            fileStore.whenRootsTaken(backend::rootsTaken);
        } else {
            fileStore.whenRootsTaken(() -> {
                backend.rootsTaken();
                upstream.commitAndSync();
            });
        }
        store.commit();
        return new EmbeddedMongoServer(file, fileStore, store, backend, InProcessWire.serve(backend, threadPrefix),
                threadPrefix, users, pace);
    }

    /**
     * Returns once a commit that started after the call has made every write done before it durable and the file
     * is synced: what a store whose data derives from this one's waits for before it writes a commit of its own.
     */
    private void commitAndSync() {
        groupCommit.awaitCommit();
        store.sync();
    }

    /**
     * Settings for a client of this server, in this JVM; add to them, but keep the cluster, TLS
     * and resolver settings: they are the way in.
     */
    public MongoClientSettings clientSettings() {
        return wire.clientSettings().build();
    }

    public Path file() {
        return file;
    }

    /** Whether the store is closed, by {@link #close()} (the application stopping) or by a failure ({@link #failed()}). */
    public boolean closed() {
        return store.isClosed();
    }

    /**
     * Whether the store closed for good after a failed commit (H2's panic) or fsync, after which no write can be made
     * durable until the application is started again; not when {@link #close()} closed it, as a shutdown does.
     */
    public boolean failed() {
        return store.isClosed() && (closedBySyncFailure || store.getPanicException() != null);
    }

    /** The share of the file, in percent, that is in chunks; the rest is free space the file could give back. */
    public int fileInChunksPercent() {
        return fileStore.getFillRate();
    }

    /** How alive, in percent, the chunks holding live pages are on the whole; the rest compaction may reclaim. */
    public int chunksAlivePercent() {
        return fileStore.liveChunksFillRate();
    }

    /** The bytes this server wrote to its file since it opened it: commits, compaction and the shrink. */
    public long bytesWritten() {
        return fileStore.bytesWritten();
    }

    /** The commits this server made since it opened its file. */
    public long commits() {
        return commits.get();
    }

    /** The H2 store, for measurements and tests in this package. */
    MVStore store() {
        return store;
    }

    /**
     * Holds compaction and the shrink off until the returned handle is closed, for tests in this package that need
     * a file with dead space in it: how much compaction reclaims while a test writes depends on the machine's speed.
     */
    AutoCloseable holdCompaction() {
        compactionHeld = true;
        return () -> compactionHeld = false;
    }

    /** Times the committer has run compaction since the store opened, for tests in this package to wait on. */
    long compactionRuns() {
        return compactionRuns.get();
    }

    /** Group commit of this server's store. */
    public Durability durability() {
        return groupCommit;
    }

    /**
     * Takes no new connections, runs the commits callers wait for, then commits everything else
     * and closes the file.
     */
    @Override
    public void close() {
        wire.stopAccepting();
        groupCommit.close();
        maintenance.shutdown();
        try {
            if (!maintenance.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("The fsync of {} did not finish within 30 s; closing anyway", file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // closes the backend, and with it the store, which commits what is left
        wire.shutdownNow();
    }

    private void commit() {
        if (store.isClosed()) {
            // MVStore.commit() on a closed store silently does nothing
            throw new IllegalStateException("The H2 store " + file + " is closed", store.getPanicException());
        }
        long before = fileStore.bytesWritten();
        backend.commitFenced(store::commit);
        commits.incrementAndGet();
        commitWrites.committed(fileStore.bytesWritten() - before, quietWorkLeft);
    }

    private void schedule(Runnable task, Duration interval) {
        long millis = interval.toMillis();
        maintenance.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * The fsync every {@link #SYNC_INTERVAL}, on which what commits answered rests. A failed one is final, as a failed
     * commit is: the disk may not hold what was answered since the last fsync, and after a failed fsync it may never
     * (the kernel can drop the pages it did not write and report success next time), so the store is closed and every
     * later command fails rather than be acknowledged without being durable.
     */
    private void sync() {
        try {
            if (!store.isClosed()) {
                RuntimeException failure = syncFailure;
                if (failure != null) {
                    throw failure;
                }
                store.sync();
            }
        } catch (RuntimeException e) {
            log.error("fsync of {} failed: the store is closed, and every command fails until the application is "
                    + "started again on a sound disk; commands answered in the last {} ms may not be on it", file,
                    SYNC_INTERVAL.toMillis(), e);
            closedBySyncFailure = true;
            store.closeImmediately();
        }
    }

    /** Makes the fsyncs from now on fail with {@code failure}, for tests in this package. */
    void failSyncs(RuntimeException failure) {
        syncFailure = failure;
    }

    /**
     * On the committer, between two commits, at most every {@link #COMPACT_INTERVAL}: a run on a thread
     * of its own took the store lock from commits (and a commit waiting for it holds every write off), or,
     * when commits held the lock, gave up after H2's 10 ms and was skipped. Here it never competes with a
     * commit, and writes go on while it runs; only the next commit waits for it, so a run is short
     * while commands come and longer when none has for a while.
     */
    private void compactIfDue(boolean busy) {
        if (compactionHeld) {
            return;
        }
        long now = System.nanoTime();
        if (quietWorkLeft || now - lastCompaction >= COMPACT_INTERVAL.toNanos()) {
            lastCompaction = now;
            quietWorkLeft = compact(busy);
            compactionRuns.incrementAndGet();
            if (quietWorkLeft) {
                groupCommit.commitSoon();
            }
        }
    }

    /**
     * Rewrites the live pages of mostly-dead chunks, so those chunks die and their space is reused; only
     * when the chunks holding live pages are less than {@link #COMPACT_TARGET_FILL_RATE} alive on the whole
     * ({@link CommitPointFileStore#liveChunksFillRate()}). When there is nothing to rewrite and the store is
     * quiet, drops the chunks that died (a commit does that, and a quiet store makes none) and shrinks the
     * file if it is mostly free space. Returns whether a quiet store left work for a commit at once.
     */
    private boolean compact(boolean busy) {
        try {
            if (store.isClosed()) {
                return false;
            }
            // a rebuild writes without awaiting commits: its writes went into the commit just made; and the shrink, a
            // core's work for seconds, waits for people to stop reading too (UserActivity)
            boolean atWork = users.atWork();
            boolean othersWrote = commitWrites.othersWroteLastCommit();
            boolean quiet = !busy && !atWork && !othersWrote && !store.hasUnsavedChanges();
            int chunksFillRate = fileStore.liveChunksFillRate();
            if (chunksFillRate < COMPACT_TARGET_FILL_RATE) {
                if (!quiet) {
                    // H2's own choice: old chunks first (young ones, where writes go, die soon on their own), none
                    // whose live pages alone exceed the limit, which keeps each run short while writes come, and
                    // while people read with no large writes coming (a rebuild's runs stay long)
                    boolean readersOnly = atWork && !othersWrote;
                    int limit = busy || readersOnly ? COMPACT_WRITE_LIMIT_BUSY : COMPACT_WRITE_LIMIT_IDLE;
                    if (store.compact(COMPACT_TARGET_FILL_RATE, limit)) {
                        commitWrites.compacted(limit);
                    }
                    return false;
                }
                // the least alive first, large ones too; the next commit comes at once, not after the idle interval
                return fileStore.rewriteLeastAlive(store, COMPACT_TARGET_FILL_RATE, COMPACT_WRITE_LIMIT_IDLE, true);
            }
            if (quiet) {
                // dropping a chunk changes H2's layout, which the next commit writes in a chunk of its own that the
                // commit after it kills: dropping every dead chunk made a quiet store write a chunk a second for ever
                if (fileStore.deadChunkBytes() >= DROP_DEAD_CHUNKS_FROM) {
                    fileStore.dropUnusedChunks();
                }
                return shrinkIfQuiet(chunksFillRate);
            }
            return false;
        } catch (RuntimeException e) {
            log.warn("Compaction of {} failed", file, e);
            return false;
        }
    }

    /**
     * While shrinking: rewrites the chunks less than {@link #SHRINK_TO_CHUNKS_FILL_RATE} alive, a run at a
     * time (the next commit writes what was rewritten); then moves chunks from the end of the file into the
     * free space before them. A move commits inside H2 and holds the commit fence throughout, so each of
     * those commits is a cut between whole commands too. Returns whether it is still shrinking.
     */
    private boolean shrinkIfQuiet(int chunksFillRate) {
        int fileFillRate = fileStore.getFillRate();
        if (!shrinking && fileStore.size() >= SHRINK_FROM_BYTES
                && (chunksFillRate < SHRINK_BELOW_CHUNKS_FILL_RATE || fileFillRate < SHRINK_BELOW_FILE_FILL_RATE)) {
            shrinking = true;
            log.info("Shrinking {}: {} bytes, {} % of it in chunks, which are {} % alive ({} bytes in chunks no rewrite "
                    + "frees)", file, fileStore.size(), fileFillRate, chunksFillRate, fileStore.unrewritableBytes());
        }
        if (!shrinking) {
            return false;
        }
        if (chunksFillRate < SHRINK_TO_CHUNKS_FILL_RATE
                && fileStore.rewriteLeastAlive(store, SHRINK_TO_CHUNKS_FILL_RATE, SHRINK_WRITE_LIMIT, true)) {
            return true;
        }
        long size = fileStore.size();
        if (fileFillRate < SHRINK_TO_FILE_FILL_RATE) {
            // H2 moves no chunk larger than the limit; a rebuild's chunks can be tens of megabytes
            long moveLimit = Math.max(SHRINK_MOVE_LIMIT, fileStore.largestChunkBytes());
            backend.fencedThroughout(() -> fileStore.compactMoveChunks(100, moveLimit, store));
        }
        movesWithoutShrinking = fileStore.size() < size ? 0 : movesWithoutShrinking + 1;
        if (fileFillRate >= SHRINK_TO_FILE_FILL_RATE || movesWithoutShrinking >= SHRINK_MOVES_WITHOUT_PROGRESS) {
            shrinking = false;
            movesWithoutShrinking = 0;
            log.info("Shrunk {} to {} bytes, {} % of it in chunks", file, fileStore.size(), fileStore.getFillRate());
        }
        return shrinking;
    }
}
