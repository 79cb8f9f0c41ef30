package dev.closeout.application.infrastructure.mongo;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: callers of {@link #awaitDurable()} wait for one commit that starts after they
 * call, and all callers waiting at the same time share that commit.
 *
 * <p>One committer thread runs the commits, one at a time. A caller asks for commit number
 * {@code started + 1}, which by construction starts after the call; the committer starts it as
 * soon as the previous one has finished, so a caller waits at most for the commit in flight plus
 * its own. Commits are numbered; {@code durable} is the highest one that succeeded.
 *
 * <p>The committer also commits on its own after {@code idleCommitInterval} without requests,
 * so writes nobody waits for (read models, tracking tokens) reach the file too.
 *
 * <p>Between two commits, once the first is announced, the committer may run {@code betweenCommits}
 * (the store's compaction): work that must not run while a commit does, and that callers waiting for
 * that commit need not wait for. It is told whether the store is busy: callers already wait for the next
 * commit, or asked for one within {@code busyWindow}; callers who come meanwhile wait for it too, so it
 * can do less while commands come.
 *
 * <p>A failed commit is final: the H2 store closes itself after a failed write ("panic"), so
 * nothing written after it can become durable and every later call fails fast.
 *
 * <p>The committer thread is never interrupted: an interrupt during a write makes H2's file
 * channel close, and H2 ignores interrupts while it waits for its own write, so an interrupted
 * commit could report success early.
 */
public final class GroupCommit implements Durability, AutoCloseable {

    private final Runnable commit;
    private final BetweenCommits betweenCommits;
    private final long busyWindowNanos;
    private final long idleCommitNanos;
    private final Thread committer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition commitRequested = lock.newCondition();
    private final Condition commitFinished = lock.newCondition();

    // guarded by lock
    /** When a caller last asked for a commit ({@link System#nanoTime()}); at first, a busy window ago. */
    private long lastRequest;
    private long started;
    private long durable;
    private long wanted;
    private Throwable failure;
    private boolean closing;

    /**
     * @param commit             makes every write that completed before it started durable;
     *                           throws if it cannot
     * @param idleCommitInterval how long the committer waits without requests before it commits
     *                           anyway
     * @param threadName         name of the committer thread
     */
    public GroupCommit(Runnable commit, Duration idleCommitInterval, String threadName) {
        this(commit, busy -> { }, Duration.ZERO, idleCommitInterval, threadName);
    }

    /**
     * @param betweenCommits run by the committer after each commit it has announced, before the next;
     *                       what it throws is its own to handle
     * @param busyWindow     how recent a caller's request keeps the store busy for {@code betweenCommits}
     */
    public GroupCommit(Runnable commit, BetweenCommits betweenCommits, Duration busyWindow,
                       Duration idleCommitInterval, String threadName) {
        this.commit = Objects.requireNonNull(commit, "commit");
        this.betweenCommits = Objects.requireNonNull(betweenCommits, "betweenCommits");
        this.busyWindowNanos = busyWindow.toNanos();
        this.lastRequest = System.nanoTime() - busyWindowNanos;
        this.idleCommitNanos = idleCommitInterval.toNanos();
        if (idleCommitNanos <= 0) {
            throw new IllegalArgumentException("idleCommitInterval must be positive: " + idleCommitInterval);
        }
        this.committer = new Thread(this::runCommitter, threadName);
        committer.setDaemon(true);
        committer.start();
    }

    @Override
    public void awaitDurable() {
        await(true);
    }

    /**
     * Waits, as {@link #awaitDurable()} does, for a commit that starts after the call, without making the
     * store busy: for a store whose commits must not get ahead of this one's (the read models' store,
     * decision 0020), which waits once a second and is no command.
     */
    public void awaitCommit() {
        await(false);
    }

    private void await(boolean request) {
        lock.lock();
        try {
            failIfUnusable();
            if (request) {
                lastRequest = System.nanoTime();
            }
            long target = started + 1;
            if (wanted < target) {
                wanted = target;
                commitRequested.signal();
            }
            while (durable < target) {
                failIfFailed();
                try {
                    commitFinished.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DurabilityException("Interrupted while waiting for a commit; the writes may not be durable", e);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Asks for a commit without waiting for it and without making the store busy: the work between commits
     * calls it when it has left something for the next commit to write (compaction of a quiet store) and
     * wants it written before the idle interval.
     */
    public void commitSoon() {
        lock.lock();
        try {
            long target = started + 1;
            if (wanted < target) {
                wanted = target;
                commitRequested.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs the commits callers are already waiting for, then stops the committer. Later calls to
     * {@link #awaitDurable()} fail.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            commitRequested.signal();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (committer.isAlive()) {
            try {
                committer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void failIfUnusable() {
        failIfFailed();
        if (closing) {
            throw new DurabilityException("The store is shutting down; the writes may not be durable");
        }
    }

    private void failIfFailed() {
        if (failure != null) {
            throw new DurabilityException("A commit failed; the writes may not be durable", failure);
        }
    }

    private void runCommitter() {
        lock.lock();
        try {
            while (failure == null) {
                awaitRequestOrIdleTimeout();
                if (closing && wanted <= started) {
                    return;
                }
                long number = ++started;
                Throwable error = commitUnlocked();
                if (error == null) {
                    durable = number;
                } else {
                    failure = error;
                }
                commitFinished.signalAll();
                if (error == null) {
                    boolean busy = wanted > started || System.nanoTime() - lastRequest < busyWindowNanos;
                    runUnlocked(() -> betweenCommits.run(busy));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void awaitRequestOrIdleTimeout() {
        long remaining = idleCommitNanos;
        while (wanted <= started && !closing && remaining > 0) {
            try {
                remaining = commitRequested.awaitNanos(remaining);
            } catch (InterruptedException e) {
                // Nobody owns this thread but us: treat an interrupt as a request to stop, and
                // finish the commits already asked for.
                closing = true;
            }
        }
    }

    private void runUnlocked(Runnable work) {
        lock.unlock();
        try {
            work.run();
        } catch (RuntimeException e) {
            // the work's own to report; the commits go on
        } finally {
            lock.lock();
        }
    }

    private Throwable commitUnlocked() {
        lock.unlock();
        try {
            commit.run();
            return null;
        } catch (RuntimeException | Error e) {
            return e;
        } finally {
            lock.lock();
        }
    }

    /** Work the committer runs between two commits. */
    @FunctionalInterface
    public interface BetweenCommits {

        /**
         * @param busy whether callers already wait for the next commit, which waits for this, or asked for
         *             one within the busy window
         */
        void run(boolean busy);
    }
}
