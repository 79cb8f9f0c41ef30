package dev.closeout.application.deadline;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.closeout.application.CloseoutApplication;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskCommand.RegisterTask;
import dev.closeout.domain.task.TaskEvent.TaskFellDueSoon;
import dev.closeout.domain.task.TaskId;
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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The office changes its deadline policy while the application is down (here: "due soon" from 15
 * working days before the due date instead of 3). Items filed in the due-date index under the old
 * policy would be checked too late; after the restart the index is filed again, and the sweep
 * records what the new policy asks for.
 */
class PolicyChangeRefilingTest {

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

    private static Document filedUnder(ConfigurableApplicationContext app) {
        return app.getBean(MongoDatabase.class).getCollection(DueDateIndexRefiling.COLLECTION)
                .find(Filters.eq("_id", "filed-under")).first();
    }

    @Test
    void a_policy_changed_while_down_files_the_index_again_and_the_sweep_follows_the_new_policy() throws Exception {
        TaskId task = TaskId.generate();
        String firstFingerprint;
        try (ConfigurableApplicationContext app = start(Clock.systemUTC())) {
            app.getBean(CommandGateway.class).sendAndWait(new RegisterTask(task, "规则变更台账", "提前预警", null, "DEPT-A",
                    List.of(), null, null, LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(30),
                    Actor.supervisor("supervisor"), null));
            app.getBean(DueDateIndexRefiling.class).refileIfPolicyChanged();
            app.getBean(DueDateSweep.class).sweep();
            assertThat(dueSoonEvents(app, task)).isZero();
            firstFingerprint = filedUnder(app).getString("fingerprint");
        }

        // Twenty days on, ten days before the due date: yellow under the new policy (15 working
        // days), not under the old (3), under which the index had filed the task.
        Clock twentyDaysOn = Clock.offset(Clock.systemUTC(), Duration.ofDays(20));
        Document refiled;
        try (ConfigurableApplicationContext app = start(twentyDaysOn, "--closeout.colour.due-soon-working-days=15")) {
            app.getBean(DueDateIndexRefiling.class).refileIfPolicyChanged();
            long deadline = System.currentTimeMillis() + 30_000;
            while (dueSoonEvents(app, task) == 0 && System.currentTimeMillis() < deadline) {
                app.getBean(DueDateSweep.class).sweep();
                Thread.sleep(100);
            }
            assertThat(dueSoonEvents(app, task)).isEqualTo(1);
            refiled = filedUnder(app);
            assertThat(refiled.getString("fingerprint")).isNotEqualTo(firstFingerprint);
        }

        try (ConfigurableApplicationContext app = start(twentyDaysOn, "--closeout.colour.due-soon-working-days=15")) {
            app.getBean(DueDateIndexRefiling.class).refileIfPolicyChanged();
            app.getBean(DueDateSweep.class).sweep();
            assertThat(filedUnder(app)).as("the same policy again files nothing again").isEqualTo(refiled);
            assertThat(dueSoonEvents(app, task)).isEqualTo(1);
        }
    }
}
