package dev.closeout.application.infrastructure.mongo;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitTest {

    private static final Duration NEVER_IDLE = Duration.ofHours(1);

    /**
     * The work between commits (the store's compaction) runs after a commit is announced, so its callers
     * do not wait for it, and never beside a commit: the next caller's commit waits until it is done.
     */
    @Test
    void workBetweenCommitsRunsAfterTheCommitIsAnnouncedAndNeverBesideACommit() throws Exception {
        AtomicBoolean committing = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicInteger commits = new AtomicInteger();
        CountDownLatch betweenStarted = new CountDownLatch(1);
        CountDownLatch betweenMayEnd = new CountDownLatch(1);
        Runnable commit = () -> {
            committing.set(true);
            commits.incrementAndGet();
            committing.set(false);
        };
        GroupCommit.BetweenCommits between = busy -> {
            overlapped.compareAndSet(false, committing.get());
            betweenStarted.countDown();
            await(betweenMayEnd);
        };
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try (GroupCommit groupCommit = new GroupCommit(commit, between, Duration.ZERO, NEVER_IDLE, "test-commit")) {
            callers.submit(groupCommit::awaitDurable).get(10, TimeUnit.SECONDS);
            assertThat(betweenStarted.await(10, TimeUnit.SECONDS)).as("the work between commits started").isTrue();

            Future<?> second = callers.submit(groupCommit::awaitDurable);
            assertThat(commits.get()).as("commits while the work between runs").isEqualTo(1);
            betweenMayEnd.countDown();
            second.get(10, TimeUnit.SECONDS);

            assertThat(commits.get()).isEqualTo(2);
            assertThat(overlapped).as("a commit ran beside the work between commits").isFalse();
        } finally {
            betweenMayEnd.countDown();
            callers.shutdownNow();
        }
    }

    /**
     * Compaction does less while the store is busy: the work between commits is told whether anyone asked
     * for a commit while the last one ran (with no busy window, that alone) ...
     */
    @Test
    void theWorkBetweenCommitsIsToldWhetherCallersWaitForTheNextCommit() throws Exception {
        assertThat(toldBusy(Duration.ZERO)).containsExactly(true, false);
    }

    /** ... or, within the busy window, asked for one lately: commands keep coming. */
    @Test
    void aRecentRequestKeepsTheStoreBusy() throws Exception {
        assertThat(toldBusy(Duration.ofHours(1))).containsExactly(true, true);
    }

    /**
     * Compaction of a quiet store leaves pages for the next commit to write and asks for it at once, not after the
     * idle interval; that request is nobody waiting, so the store stays quiet.
     */
    @Test
    void aCommitAskedForBetweenCommitsRunsAtOnceAndLeavesTheStoreQuiet() throws Exception {
        AtomicInteger commits = new AtomicInteger();
        List<Boolean> told = new CopyOnWriteArrayList<>();
        CountDownLatch threeBetween = new CountDownLatch(3);
        AtomicReference<GroupCommit> self = new AtomicReference<>();
        GroupCommit.BetweenCommits between = busy -> {
            told.add(busy);
            threeBetween.countDown();
            if (told.size() < 3) {
                self.get().commitSoon();
            }
        };
        try (GroupCommit groupCommit = new GroupCommit(commits::incrementAndGet, between, Duration.ZERO, NEVER_IDLE,
                "test-commit")) {
            self.set(groupCommit);
            groupCommit.awaitDurable();
            assertThat(threeBetween.await(10, TimeUnit.SECONDS)).as("two more commits, without waiting an hour").isTrue();
            assertThat(commits.get()).isEqualTo(3);
            assertThat(told).containsExactly(false, false, false);
        }
    }

    /**
     * Two callers, the second asking while the first one's commit runs: what the work after each of the
     * two commits is told.
     */
    private static List<Boolean> toldBusy(Duration busyWindow) throws Exception {
        CountDownLatch firstCommitStarted = new CountDownLatch(1);
        CountDownLatch firstCommitMayEnd = new CountDownLatch(1);
        AtomicInteger commits = new AtomicInteger();
        Runnable commit = () -> {
            if (commits.incrementAndGet() == 1) {
                firstCommitStarted.countDown();
                await(firstCommitMayEnd);
            }
        };
        List<Boolean> told = new CopyOnWriteArrayList<>();
        CountDownLatch twiceBetween = new CountDownLatch(2);
        GroupCommit.BetweenCommits between = busy -> {
            told.add(busy);
            twiceBetween.countDown();
        };
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try (GroupCommit groupCommit = new GroupCommit(commit, between, busyWindow, NEVER_IDLE, "test-commit")) {
            Future<?> first = callers.submit(groupCommit::awaitDurable);
            assertThat(firstCommitStarted.await(10, TimeUnit.SECONDS)).isTrue();
            AtomicReference<Thread> secondCaller = new AtomicReference<>();
            Future<?> second = callers.submit(() -> {
                secondCaller.set(Thread.currentThread());
                groupCommit.awaitDurable();
            });
            awaitWaiting(secondCaller);

            firstCommitMayEnd.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            assertThat(twiceBetween.await(10, TimeUnit.SECONDS)).isTrue();
            return told;
        } finally {
            firstCommitMayEnd.countDown();
            callers.shutdownNow();
        }
    }

    /** Until the thread in {@code caller} waits (for its commit: nothing else makes it wait). */
    private static void awaitWaiting(AtomicReference<Thread> caller) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (caller.get() == null || caller.get().getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("the second caller waits for its commit").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    /**
     * A store where a write is a counter increment and a commit makes everything written before
     * the commit started durable. Every thread checks that its own write is durable once
     * awaitDurable returns.
     */
    @Test
    void everyAwaitedWriteIsCoveredByACommitThatStartedAfterIt() throws Exception {
        AtomicLong written = new AtomicLong();
        AtomicLong durable = new AtomicLong();
        AtomicInteger commits = new AtomicInteger();
        Runnable commit = () -> {
            long snapshot = written.get();
            commits.incrementAndGet();
            sleepMillis(1);
            durable.accumulateAndGet(snapshot, Math::max);
        };
        int threads = 16;
        int writesPerThread = 300;
        try (GroupCommit groupCommit = new GroupCommit(commit, NEVER_IDLE, "test-commit")) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int violations = 0;
                    for (int i = 0; i < writesPerThread; i++) {
                        long mine = written.incrementAndGet();
                        groupCommit.awaitDurable();
                        if (durable.get() < mine) {
                            violations++;
                        }
                    }
                    return violations;
                }));
            }
            int violations = 0;
            for (Future<Integer> result : results) {
                violations += result.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(violations).isZero();
        }
        // callers share commits: far fewer commits than awaited writes
        assertThat(commits.get()).isLessThan(threads * writesPerThread / 2);
    }

    @Test
    void aCommitInFlightWhenTheCallerArrivesDoesNotCount() throws Exception {
        CountDownLatch firstCommitRunning = new CountDownLatch(1);
        CountDownLatch releaseFirstCommit = new CountDownLatch(1);
        AtomicInteger commits = new AtomicInteger();
        Runnable commit = () -> {
            if (commits.incrementAndGet() == 1) {
                firstCommitRunning.countDown();
                await(releaseFirstCommit);
            }
        };
        try (GroupCommit groupCommit = new GroupCommit(commit, NEVER_IDLE, "test-commit")) {
            Thread first = new Thread(groupCommit::awaitDurable);
            first.start();
            assertThat(firstCommitRunning.await(10, TimeUnit.SECONDS)).isTrue();

            AtomicBoolean secondReturned = new AtomicBoolean();
            Thread second = new Thread(() -> {
                groupCommit.awaitDurable();
                secondReturned.set(true);
            });
            second.start();
            Thread.sleep(100);
            assertThat(secondReturned).isFalse();

            releaseFirstCommit.countDown();
            second.join(10_000);
            first.join(10_000);
            assertThat(secondReturned).isTrue();
            assertThat(commits.get()).isEqualTo(2);
        }
    }

    @Test
    void aFailedCommitFailsItsWaitersAndEveryLaterCall() {
        RuntimeException diskFull = new IllegalStateException("disk full");
        try (GroupCommit groupCommit = new GroupCommit(() -> {
            throw diskFull;
        }, NEVER_IDLE, "test-commit")) {
            assertThatThrownBy(groupCommit::awaitDurable)
                    .isInstanceOf(DurabilityException.class)
                    .hasCause(diskFull);
            assertThatThrownBy(groupCommit::awaitDurable)
                    .isInstanceOf(DurabilityException.class)
                    .hasCause(diskFull);
        }
    }

    @Test
    void anInterruptedCallerGetsAnExceptionAndKeepsItsInterruptFlag() throws Exception {
        CountDownLatch commitRunning = new CountDownLatch(1);
        CountDownLatch releaseCommit = new CountDownLatch(1);
        try (GroupCommit groupCommit = new GroupCommit(() -> {
            commitRunning.countDown();
            await(releaseCommit);
        }, NEVER_IDLE, "test-commit")) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean interruptFlag = new AtomicBoolean();
            Thread caller = new Thread(() -> {
                try {
                    groupCommit.awaitDurable();
                } catch (Throwable e) {
                    thrown.set(e);
                    interruptFlag.set(Thread.currentThread().isInterrupted());
                }
            });
            caller.start();
            assertThat(commitRunning.await(10, TimeUnit.SECONDS)).isTrue();
            caller.interrupt();
            caller.join(10_000);
            releaseCommit.countDown();
            assertThat(thrown.get()).isInstanceOf(DurabilityException.class);
            assertThat(interruptFlag).isTrue();
        }
    }

    @Test
    void closeRunsTheCommitsCallersWaitForThenRefusesNewCallers() throws Exception {
        CountDownLatch commitRunning = new CountDownLatch(1);
        CountDownLatch releaseCommit = new CountDownLatch(1);
        AtomicInteger commits = new AtomicInteger();
        GroupCommit groupCommit = new GroupCommit(() -> {
            if (commits.incrementAndGet() == 1) {
                commitRunning.countDown();
                await(releaseCommit);
            }
        }, NEVER_IDLE, "test-commit");
        Thread first = new Thread(groupCommit::awaitDurable);
        first.start();
        assertThat(commitRunning.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicReference<Throwable> secondFailure = new AtomicReference<>();
        Thread second = new Thread(() -> {
            try {
                groupCommit.awaitDurable();
            } catch (Throwable e) {
                secondFailure.set(e);
            }
        });
        second.start();
        // close() must come while the second caller waits for its commit, not before it asked
        awaitWaiting(new AtomicReference<>(second));

        Thread closer = new Thread(groupCommit::close);
        closer.start();
        releaseCommit.countDown();
        closer.join(10_000);
        second.join(10_000);

        assertThat(closer.isAlive()).isFalse();
        assertThat(secondFailure.get()).isNull();
        assertThat(commits.get()).isEqualTo(2);
        assertThatThrownBy(groupCommit::awaitDurable).isInstanceOf(DurabilityException.class);
    }

    @Test
    void commitsOnItsOwnWhenNobodyWaits() throws Exception {
        CountDownLatch committed = new CountDownLatch(2);
        try (GroupCommit ignored = new GroupCommit(committed::countDown, Duration.ofMillis(20), "test-commit")) {
            assertThat(committed.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
