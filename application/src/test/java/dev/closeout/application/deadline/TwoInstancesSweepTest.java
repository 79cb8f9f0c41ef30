package dev.closeout.application.deadline;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mongodb.client.MongoDatabase;
import dev.closeout.application.CloseoutApplication;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.TestClock;
import dev.closeout.application.support.TestMongo;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskCommand.RegisterTask;
import dev.closeout.domain.task.TaskEvent.TaskEscalated;
import dev.closeout.domain.task.TaskEvent.TaskFellDueSoon;
import dev.closeout.domain.task.TaskEvent.TaskWentOverdue;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.time.DeadlinePolicy;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the application on one MongoDB database, as in a deployment with two nodes
 * behind a load balancer, sweeping the same overdue tasks at the same moment: every transition must
 * still be recorded once, because the aggregate decides and the event store refuses the second
 * append of a sequence number.
 */
class TwoInstancesSweepTest {

    private static final int TASKS = 40;
    private static final int ROUNDS = 3;

    @TempDir
    Path dataA;
    @TempDir
    Path dataB;

    /**
     * Both instances share one clock instance, so they agree on "today" and stamp their events alike:
     * the due-date index files a task registered overdue under the day of its event's timestamp.
     */
    private final TestClock clock = new TestClock();

    private ConfigurableApplicationContext start(String node, Path data, String mongoUri) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        return new SpringApplicationBuilder(CloseoutApplication.class)
                .initializers(context -> {
                    context.getBeanFactory().registerSingleton("testClock", clock);
                    context.getBeanFactory().registerSingleton("distinctTokenOwner", distinctTokenOwner(node, context));
                })
                .run("--closeout.data-dir=" + data, "--server.port=0", "--spring.profiles.active=embedded",
                        "--spring.data.mongodb.uri=" + mongoUri, "--closeout.security.demo-users-on-mongodb=true",
                        // Only the sweep at start-up runs by itself; the test sweeps when it means to.
                        "--closeout.sweep.interval=PT24H");
    }

    /**
     * The token store names its owner after the JVM (pid@host) by default, so two contexts in one
     * JVM would both believe they hold every segment claim. Separate JVMs have separate names; this
     * gives each context its own so that, as in production, only one instance owns a processor's
     * segment and the other's processor idles.
     */
    private static BeanPostProcessor distinctTokenOwner(String node, ConfigurableApplicationContext context) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof MongoTokenStore)) {
                    return bean;
                }
                MongoTokenStore store = MongoTokenStore.builder()
                        .mongoTemplate(DefaultMongoTemplate.builder()
                                .mongoDatabase(context.getBeanFactory().getBean(MongoDatabase.class)).build())
                        .serializer(context.getBeanFactory().getBean("serializer", Serializer.class))
                        .nodeId(node)
                        .build();
                store.ensureIndexes();
                return store;
            }
        };
    }

    private static List<EventMessage<?>> events(ConfigurableApplicationContext app, TaskId task) {
        return app.getBean(EventStore.class).readEvents(task.value()).asStream()
                .<EventMessage<?>>map(e -> e).toList();
    }

    private static long count(List<EventMessage<?>> events, Class<?> type) {
        return events.stream().filter(e -> type.isInstance(e.getPayload())).count();
    }

    @Test
    void two_instances_sweeping_the_same_overdue_tasks_at_once_record_each_transition_once() throws Exception {
        long started = System.nanoTime();
        String uri = TestMongo.uri(TestMongo.newDatabaseName());
        ListAppender<ILoggingEvent> sweepLog = new ListAppender<>();
        Logger sweepLogger = (Logger) LoggerFactory.getLogger(DueDateSweep.class);
        sweepLog.start();
        sweepLogger.addAppender(sweepLog);
        ConfigurableApplicationContext a = null;
        ConfigurableApplicationContext b = null;
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            a = start("instance-a", dataA, uri);
            b = start("instance-b", dataB, uri);
            DeadlinePolicy policy = a.getBean(DeadlinePolicy.class);
            LocalDate today = LocalDate.now(clock.withZone(policy.zone()));

            // Due 2 to 41 days ago: every task is overdue, and the older ones have climbed the
            // automatic ladder, where only the highest level reached is to be recorded.
            List<TaskId> tasks = new ArrayList<>();
            CommandGateway gateway = a.getBean(CommandGateway.class);
            for (int i = 0; i < TASKS; i++) {
                TaskId task = TaskId.generate();
                gateway.sendAndWait(new RegisterTask(task, "双实例台账", "逾期任务 " + i, null, "DEPT-A",
                        List.of(), null, null, today.minusDays(2 + i), Actor.supervisor("supervisor"), null));
                tasks.add(task);
            }

            // The index is one read model in the shared database, kept by whichever instance owns
            // the processor's segment; both sweeps read it from there.
            MongoDatabase database = a.getBean(MongoDatabase.class);
            Set<String> ids = tasks.stream().map(TaskId::value).collect(java.util.stream.Collectors.toSet());
            long indexDeadline = System.currentTimeMillis() + 60_000;
            while (!IndexFilings.filedTasks(database).containsAll(ids) && System.currentTimeMillis() < indexDeadline) {
                Thread.sleep(50);
            }
            assertThat(IndexFilings.filedTasks(database)).containsAll(ids);

            // Both instances sweep in the same instant, round after round; the latch releases them together.
            Map<String, List<DueDateSweep.Result>> results = new ConcurrentHashMap<>();
            List<DueDateSweep> sweeps = List.of(a.getBean(DueDateSweep.class), b.getBean(DueDateSweep.class));
            for (int round = 0; round < ROUNDS; round++) {
                // A round's escalations reach the index a moment later; until then a sweep rightly
                // postpones. Wait for that, so that every round has both instances sweep at once.
                Eventually.until(Duration.ofSeconds(30), () -> sweeps.stream().allMatch(DueDateSweep::indexCaughtUp),
                        caughtUp -> caughtUp);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<DueDateSweep.Result>> running = new ArrayList<>();
                for (int i = 0; i < sweeps.size(); i++) {
                    DueDateSweep sweep = sweeps.get(i);
                    String name = i == 0 ? "a" : "b";
                    running.add(threads.submit(() -> {
                        go.await();
                        // two at once: one may read the store's head after the other appended its checks and
                        // rightly postpone until its index has them; a postponed sweep changes nothing, so it
                        // tries again (an instance that always postponed would still fail here)
                        DueDateSweep.Result result = Sweeps.sweptOnceCaughtUp(sweep);
                        results.computeIfAbsent(name, k -> Collections.synchronizedList(new ArrayList<>())).add(result);
                        return result;
                    }));
                }
                go.countDown();
                for (Future<DueDateSweep.Result> f : running) {
                    f.get(200, TimeUnit.SECONDS); // an exception escaping a sweep fails the test here
                }
            }
            System.out.println("Sweep results per instance: " + results);
            // The instance whose processor idles reads the same shared index, so it sweeps too
            // rather than waiting for an index it does not keep itself.
            assertThat(results.get("a")).allMatch(DueDateSweep.Result::swept);
            assertThat(results.get("b")).allMatch(DueDateSweep.Result::swept);

            // Read through B: the event store is shared, so both see the same streams.
            List<String> problems = new ArrayList<>();
            for (TaskId task : tasks) {
                List<EventMessage<?>> events = events(b, task);
                long overdue = count(events, TaskWentOverdue.class);
                long escalated = count(events, TaskEscalated.class);
                long dueSoon = count(events, TaskFellDueSoon.class);
                if (overdue != 1 || escalated > 1 || dueSoon != 0) {
                    problems.add(task.value() + ": overdue=" + overdue + " escalated=" + escalated
                            + " dueSoon=" + dueSoon);
                }
            }
            assertThat(problems).as("tasks with a transition missing or recorded twice").isEmpty();

            // The expected escalations, from the same policy the aggregates ask.
            for (int i = 0; i < TASKS; i++) {
                LocalDate dueDate = today.minusDays(2 + i);
                long expected = policy.automaticLevel(dueDate, today).isPresent() ? 1 : 0;
                assertThat(count(events(a, tasks.get(i)), TaskEscalated.class))
                        .as("automatic escalations of a task due %s", dueDate).isEqualTo(expected);
            }

            // Conflicts are retried quietly; a warning means a check failed or gave up.
            List<String> warnings = sweepLog.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(warnings).as("sweep warnings").isEmpty();
        } finally {
            threads.shutdownNow();
            sweepLogger.detachAppender(sweepLog);
            if (b != null) {
                b.close();
            }
            if (a != null) {
                a.close();
            }
            System.out.printf("TwoInstancesSweepTest took %.1f s%n", (System.nanoTime() - started) / 1e9);
        }
    }
}
