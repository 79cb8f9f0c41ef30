package dev.closeout.application.infrastructure.readmodel;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.closeout.application.CloseoutApplication;
import dev.closeout.application.support.TestClock;
import dev.closeout.application.deadline.DueDateSweep;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskCommand.RegisterTask;
import dev.closeout.domain.task.TaskEvent.TaskFellDueSoon;
import dev.closeout.domain.task.TaskId;
import dev.closeout.projections.deadline.DueDateIndexProjection;
import dev.closeout.projections.ledger.LedgerProjection;
import dev.closeout.projections.ledger.LedgerQueries;
import dev.closeout.projections.ledger.LedgerSummary;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default on an H2 file, restarted after what shapes a read model changed: the
 * deadline policy the due-date index files under, or a read model's layout. The read model is
 * rebuilt before the first sweep, once, and the sweep then follows the new policy.
 */
class ReadModelVersionsTest {


    @TempDir
    Path data;

    private ConfigurableApplicationContext start(Clock clock, String... more) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        List<String> args = new ArrayList<>(List.of("--closeout.data-dir=" + data, "--server.port=0",
                "--spring.profiles.active=embedded"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(CloseoutApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("testClock", clock))
                .run(args.toArray(String[]::new));
    }

    private static long dueSoonEvents(ConfigurableApplicationContext app, TaskId task) {
        return app.getBean(EventStore.class).readEvents(task.value()).asStream()
                .filter(e -> e.getPayload() instanceof TaskFellDueSoon).count();
    }

    /** The read models' store of the embedded default (decision 0020), where the versions are kept with the tokens. */
    private static MongoDatabase readModels(ConfigurableApplicationContext app) {
        return app.getBean("readModelDatabase", MongoDatabase.class);
    }

    private static Document recorded(ConfigurableApplicationContext app, String processingGroup) {
        return readModels(app).getCollection(ReadModelVersions.COLLECTION)
                .find(Filters.eq("_id", processingGroup)).first();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
    }

    @Test
    void a_policy_changed_while_down_files_the_index_again_and_the_sweep_follows_the_new_policy() throws Exception {
        TaskId task = TaskId.generate();
        String firstVersion;
        try (ConfigurableApplicationContext app = start(new TestClock())) {
            app.getBean(CommandGateway.class).sendAndWait(new RegisterTask(task, "规则变更台账", "提前预警", null, "DEPT-A",
                    List.of(), null, null, TestClock.firstDay().plusDays(60),
                    Actor.supervisor("supervisor"), null));
            app.getBean(ReadModelVersions.class).upgrade();
            app.getBean(DueDateSweep.class).sweep();
            assertThat(dueSoonEvents(app, task)).isZero();
            firstVersion = recorded(app, DueDateIndexProjection.PROCESSING_GROUP).getString("version");
        }

        // Thirty days on, thirty before the due date: yellow under the new policy (30 working days,
        // 42 to 52 calendar days, whichever holidays fall between), not under the old (3 working
        // days, at most 12 calendar days), under which the index had filed the task.
        TestClock thirtyDaysOn = new TestClock();
        thirtyDaysOn.advance(Duration.ofDays(30));
        Document refiled;
        try (ConfigurableApplicationContext app = start(thirtyDaysOn, "--closeout.colour.due-soon-working-days=30")) {
            assertThat(app.getBean(ReadModelVersions.class).upgrade()).isEmpty();
            await(() -> {
                app.getBean(DueDateSweep.class).sweep();
                return dueSoonEvents(app, task) > 0;
            });
            assertThat(dueSoonEvents(app, task)).isEqualTo(1);
            refiled = recorded(app, DueDateIndexProjection.PROCESSING_GROUP);
            assertThat(refiled.getString("version")).startsWith("layout " + DueDateIndexProjection.LAYOUT + ", policy ")
                    .isNotEqualTo(firstVersion);
        }

        try (ConfigurableApplicationContext app = start(thirtyDaysOn, "--closeout.colour.due-soon-working-days=30")) {
            app.getBean(ReadModelVersions.class).upgrade();
            app.getBean(DueDateSweep.class).sweep();
            assertThat(recorded(app, DueDateIndexProjection.PROCESSING_GROUP))
                    .as("the same policy again files nothing again").isEqualTo(refiled);
            assertThat(dueSoonEvents(app, task)).isEqualTo(1);
        }
    }

    /**
     * Layout 4 of the ledger kept lines in buckets of 500 in {@code ledger_departments}; layout 1 of the
     * due-date index kept each date's ids in one document of {@code due_dates}. Both are rebuilt into
     * documents per line and per filing, and the old collections dropped.
     */
    @Test
    void a_ledger_and_a_due_date_index_written_in_an_earlier_layout_are_rebuilt_at_start_up() throws Exception {
        String ledger = "布局升级台账";
        Clock clock = new TestClock();
        try (ConfigurableApplicationContext app = start(clock)) {
            for (int i = 0; i < 3; i++) {
                app.getBean(CommandGateway.class).sendAndWait(new RegisterTask(TaskId.generate(), ledger, "任务 " + i,
                        null, "DEPT-A", List.of(), null, null, TestClock.firstDay().plusDays(9),
                        Actor.supervisor("supervisor"), null));
            }
            await(() -> registered(app, ledger) == 3);
            assertThat(recorded(app, LedgerProjection.PROCESSING_GROUP).getString("version"))
                    .isEqualTo(LedgerProjection.LAYOUT);
            // As an earlier version would have left it: its own layout recorded, documents this code cannot read.
            MongoDatabase database = readModels(app);
            database.getCollection(ReadModelVersions.COLLECTION).updateOne(
                    Filters.eq("_id", LedgerProjection.PROCESSING_GROUP),
                    Updates.set("version", "4: line buckets, length-prefixed keys, pending extensions"));
            database.getCollection(LedgerProjection.LEDGERS).updateOne(Filters.eq("_id", ledger),
                    Updates.unset(LedgerProjection.DEPARTMENTS));
            database.getCollection("ledger_departments").insertOne(new Document("_id", "a bucket of 500 lines"));
            String policy = recorded(app, DueDateIndexProjection.PROCESSING_GROUP).getString("version")
                    .replaceFirst("^layout [^,]*, ", "");
            database.getCollection(ReadModelVersions.COLLECTION).updateOne(
                    Filters.eq("_id", DueDateIndexProjection.PROCESSING_GROUP), Updates.set("version", policy));
            database.getCollection(DueDateIndexProjection.ITEMS).deleteMany(new Document());
            database.getCollection("due_dates").insertOne(new Document("_id", "2026-06-30").append("tasks", List.of()));
            assertThat(app.getBean(LedgerQueries.class).summary(ledger)).isEmpty();
        }

        try (ConfigurableApplicationContext app = start(clock)) {
            app.getBean(ReadModelVersions.class).upgrade();
            await(() -> registered(app, ledger) == 3);
            assertThat(registered(app, ledger)).isEqualTo(3);
            assertThat(recorded(app, LedgerProjection.PROCESSING_GROUP).getString("version"))
                    .isEqualTo(LedgerProjection.LAYOUT);
            MongoDatabase database = readModels(app);
            await(() -> database.getCollection(DueDateIndexProjection.ITEMS).countDocuments() >= 3);
            assertThat(database.getCollection(DueDateIndexProjection.ITEMS).countDocuments()).isGreaterThanOrEqualTo(3);
            assertThat(recorded(app, DueDateIndexProjection.PROCESSING_GROUP).getString("version"))
                    .startsWith("layout " + DueDateIndexProjection.LAYOUT + ", policy ");
            assertThat(database.listCollectionNames().into(new ArrayList<>()))
                    .doesNotContain("ledger_departments", "due_dates");
        }
    }

    private static long registered(ConfigurableApplicationContext app, String ledger) {
        Optional<LedgerSummary> summary = app.getBean(LedgerQueries.class).summary(ledger);
        return summary.map(LedgerSummary::registered).orElse(0L);
    }
}
