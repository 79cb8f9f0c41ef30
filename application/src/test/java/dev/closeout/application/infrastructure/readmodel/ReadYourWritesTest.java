package dev.closeout.application.infrastructure.readmodel;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request waiting for its own write reads the read model when there is something to read: once the projection in
 * this instance has folded the event in, or at each poll for another instance's write. The reads counted here are
 * store queries a command pays for.
 */
class ReadYourWritesTest {

    private static final String TASK = "task-1";
    /** Long enough that no poll happens while a test runs: every read is one the signals asked for. */
    private static final Duration NO_POLL = Duration.ofHours(1);

    /** The view as stored: its version, the last event folded in. */
    private final AtomicLong stored = new AtomicLong(-1);
    private final AtomicInteger reads = new AtomicInteger();

    private Optional<String> view(String id, long wanted) {
        reads.incrementAndGet();
        long version = stored.get();
        return version >= wanted ? Optional.of(id + "@" + version) : Optional.empty();
    }

    @Test
    void aWaiterReadsOnceWhenTheProjectionSignalsAndIsAnsweredByThatRead() {
        ReadYourWrites readYourWrites = new ReadYourWrites(NO_POLL, NO_POLL);
        CompletableFuture<Optional<String>> answer = CompletableFuture.supplyAsync(
                () -> readYourWrites.awaitRead(TASK, 4, id -> view(id, 4)));
        await().atMost(30, TimeUnit.SECONDS).until(() -> readYourWrites.waiters(TASK) == 1);
        assertThat(reads).as("no read before the projection has stored the event").hasValue(0);

        stored.set(3);
        readYourWrites.folded(TASK, 3);
        assertThat(answer).as("an earlier event folded in does not end the wait").isNotDone();
        assertThat(reads).hasValue(0);

        stored.set(4);
        readYourWrites.folded(TASK, 4);
        assertThat(answer.join()).contains("task-1@4");
        assertThat(reads).hasValue(1);
        assertThat(readYourWrites.waiters(TASK)).isZero();
    }

    @Test
    void anEventFoldedInBeforeTheRequestWaitsIsReadAtOnce() {
        ReadYourWrites readYourWrites = new ReadYourWrites(NO_POLL, NO_POLL);
        stored.set(4);
        readYourWrites.folded(TASK, 4);

        // were the fold not remembered, this would wait for a poll an hour away
        assertThat(readYourWrites.awaitRead(TASK, 4, id -> view(id, 4))).contains("task-1@4");
        assertThat(reads).hasValue(1);
    }

    @Test
    void anotherItemsFoldIsNoReasonToRead() {
        ReadYourWrites readYourWrites = new ReadYourWrites(NO_POLL, NO_POLL);
        readYourWrites.folded("task-2", 9);
        CompletableFuture<Optional<String>> answer = CompletableFuture.supplyAsync(
                () -> readYourWrites.awaitRead(TASK, 0, id -> view(id, 0)));
        await().atMost(30, TimeUnit.SECONDS).until(() -> readYourWrites.waiters(TASK) == 1);
        assertThat(reads).hasValue(0);

        stored.set(0);
        readYourWrites.folded(TASK, 0);
        assertThat(answer.join()).contains("task-1@0");
        assertThat(reads).hasValue(1);
    }

    @Test
    void anotherInstancesWriteIsFoundByPolling() {
        ReadYourWrites readYourWrites = new ReadYourWrites(Duration.ofSeconds(30), Duration.ofMillis(1));
        CompletableFuture<Optional<String>> answer = CompletableFuture.supplyAsync(
                () -> readYourWrites.awaitRead(TASK, 4, id -> view(id, 4)));
        await().atMost(30, TimeUnit.SECONDS).until(() -> reads.get() >= 2);

        // stored by another instance, which signals nothing here
        stored.set(4);
        assertThat(answer.join()).contains("task-1@4");
    }

    @Test
    void aWaitEndsAfterItsPatienceWhileTheViewIsBeingRebuiltAndAsksOnlyThen() {
        AtomicInteger asked = new AtomicInteger();
        // a timeout of an hour: only the rebuild can end this wait while the test runs
        ReadYourWrites readYourWrites = new ReadYourWrites(NO_POLL, NO_POLL, Duration.ofMillis(1), () -> {
            asked.incrementAndGet();
            return true;
        });
        stored.set(3);

        assertThat(readYourWrites.awaitRead(TASK, 4, id -> view(id, 4))).as("no answer: 202").isEmpty();
        assertThat(asked).hasValue(1);
        assertThat(reads).as("one last read").hasValue(1);
        assertThat(readYourWrites.waiters(TASK)).isZero();
    }

    @Test
    void aViewFoldedWithinThePatienceAsksNothingAboutRebuilds() {
        AtomicInteger asked = new AtomicInteger();
        ReadYourWrites readYourWrites = new ReadYourWrites(NO_POLL, NO_POLL, NO_POLL, () -> {
            asked.incrementAndGet();
            return true;
        });
        CompletableFuture<Optional<String>> answer = CompletableFuture.supplyAsync(
                () -> readYourWrites.awaitRead(TASK, 4, id -> view(id, 4)));
        await().atMost(30, TimeUnit.SECONDS).until(() -> readYourWrites.waiters(TASK) == 1);
        stored.set(4);
        readYourWrites.folded(TASK, 4);

        assertThat(answer.join()).contains("task-1@4");
        assertThat(asked).as("no query of the token store for a wait answered in time").hasValue(0);
    }

    @Test
    void whetherViewsAreRebuiltIsAskedOnceForEveryWaiterWhileTheAnswerStands() {
        AtomicInteger asked = new AtomicInteger();
        ReadYourWrites.Remembered rebuilding = new ReadYourWrites.Remembered(() -> asked.incrementAndGet() > 0,
                NO_POLL);
        ReadYourWrites readYourWrites = new ReadYourWrites(NO_POLL, NO_POLL, Duration.ofMillis(1), rebuilding);

        for (int waiter = 0; waiter < 5; waiter++) {
            assertThat(readYourWrites.awaitRead(TASK, 4, id -> view(id, 4))).isEmpty();
        }
        assertThat(asked).hasValue(1);
    }

    @Test
    void aViewThatDoesNotCatchUpInTimeIsNoAnswerAfterOneLastRead() {
        ReadYourWrites readYourWrites = new ReadYourWrites(Duration.ofMillis(20), NO_POLL);
        stored.set(3);

        assertThat(readYourWrites.awaitRead(TASK, 4, id -> view(id, 4))).isEmpty();
        assertThat(reads).hasValue(1);
        assertThat(readYourWrites.await(TASK, 3, id -> stored.get())).isTrue();
    }
}
