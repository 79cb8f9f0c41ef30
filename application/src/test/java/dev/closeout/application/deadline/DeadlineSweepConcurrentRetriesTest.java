package dev.closeout.application.deadline;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.closeout.application.infrastructure.axon.ProcessorProgress;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.deadline.DueDateIndex;
import dev.closeout.projections.deadline.DueDateIndexProjection;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances sweeping at the same moment, each seeing a failure the other does not: the retry
 * list must keep both, since each change to it is one item's, not a rewrite of the whole list.
 */
class DeadlineSweepConcurrentRetriesTest extends IntegrationTest {

    @Autowired
    private DueDateIndex index;
    @Autowired
    private CommandGateway commands;
    @Autowired
    private ProcessorProgress progress;
    @Autowired
    private DueDateSweep sweep;
    @Autowired
    private DeadlinePolicy policy;

    /** Other tests leave overdue items behind: their checks are swept first, so this test's sweeps see only its own. */
    @BeforeEach
    void sweepWhatOthersLeft() {
        Sweeps.sweptOnceCaughtUp(sweep);
    }

    @AfterEach
    void putBack() {
        database.getCollection(DueDateIndexProjection.MARKS).deleteOne(new Document("_id", "swept"));
        database.getCollection(DueDateIndexProjection.MARKS).deleteOne(new Document("_id", DueDateIndex.RETRY));
    }

    private String registerOverdueTask() {
        ApiClient.Response response = supervisor.post("/api/tasks", Map.of("ledger", uniqueLedger("并发重试台账"),
                "title", "逾期任务", "leadDepartment", "DEPT-A",
                "dueDate", LocalDate.now(clock.withZone(policy.zone())).minusDays(10).toString()));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("taskId").asText();
    }

    /** Another instance's sweep, whose command bus fails the check of {@code failing} after {@code beforeFailing} runs. */
    private DueDateSweep sweepFailing(String failing, Runnable beforeFailing) {
        CommandGateway gateway = (CommandGateway) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{CommandGateway.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendAndWait") && args.length == 1
                            && args[0].toString().contains(failing)) {
                        beforeFailing.run();
                        throw new IllegalStateException("check of " + failing + " fails on this instance");
                    }
                    try {
                        return method.invoke(commands, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return new DueDateSweep(index, gateway, progress, policy, clock, new SweepMetrics(new SimpleMeterRegistry()));
    }

    private List<String> tasksToRetry() {
        return index.retries().tasks().stream().map(DueDateIndex.Retry::id).toList();
    }

    @Test
    void two_sweeps_at_once_each_failing_a_different_item_keep_both_items_for_retry() throws Exception {
        String failsOnA = registerOverdueTask();
        String failsOnB = registerOverdueTask();
        CountDownLatch aIsFailing = new CountDownLatch(1);
        CountDownLatch bIsDone = new CountDownLatch(1);
        DueDateSweep a = sweepFailing(failsOnA, () -> {
            aIsFailing.countDown();
            try {
                bIsDone.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        DueDateSweep b = sweepFailing(failsOnB, () -> { });

        Sweeps.awaitIndexCaughtUp(a, b);
        // A has read the retry list and is failing its item while B sweeps from start to end.
        CompletableFuture<DueDateSweep.Result> sweepOfA = CompletableFuture.supplyAsync(a::sweep);
        assertThat(aIsFailing.await(2, TimeUnit.MINUTES)).as("A reached its failing check").isTrue();
        // B's sweep may find the index behind A's commands and postpone; a postponed sweep changes nothing
        assertThat(Sweeps.sweptOnceCaughtUp(b).swept()).isTrue();
        assertThat(tasksToRetry()).contains(failsOnB);
        bIsDone.countDown();
        assertThat(sweepOfA.get(2, TimeUnit.MINUTES).swept()).isTrue();

        assertThat(tasksToRetry()).contains(failsOnA, failsOnB);
    }

    @Test
    void failures_recorded_from_many_threads_at_once_are_all_kept_and_counted_once_a_day() throws Exception {
        LocalDate today = LocalDate.now(clock.withZone(policy.zone()));
        List<String> items = IntStream.range(0, 40).mapToObj(i -> "concurrent-" + i).toList();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CompletableFuture.allOf(items.stream().flatMap(id -> IntStream.range(0, 2).mapToObj(twice ->
                    CompletableFuture.runAsync(() -> index.failed(DueDateIndex.Kind.TASK, id, today,
                            DeadlineChecks.MAX_RETRIES), threads))).toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertThat(index.retries().tasks()).extracting(DueDateIndex.Retry::id).containsExactlyInAnyOrderElementsOf(items);
        assertThat(index.retries().tasks()).allSatisfy(r -> assertThat(r.failedDays()).isEqualTo(1));
        assertThat(database.getCollection(DueDateIndexProjection.MARKS).find(new Document("_id", DueDateIndex.RETRY))
                .first().getInteger("count")).isEqualTo(items.size());
    }
}
