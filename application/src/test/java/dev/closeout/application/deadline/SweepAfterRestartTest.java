package dev.closeout.application.deadline;

import dev.closeout.application.CloseoutApplication;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskCommand.RegisterTask;
import dev.closeout.domain.task.TaskEvent.TaskWentOverdue;
import dev.closeout.domain.task.TaskId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default on an H2 file, started twice: a task due tomorrow is registered, the
 * application stops, three days pass, and the first sweep after the restart records the missed
 * deadline, once.
 */
class SweepAfterRestartTest {

    @TempDir
    Path data;

    private ConfigurableApplicationContext start(Clock clock) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        return new SpringApplicationBuilder(CloseoutApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("testClock", clock))
                .run("--closeout.data-dir=" + data, "--server.port=0", "--spring.profiles.active=embedded");
    }

    private static long overdueEvents(ConfigurableApplicationContext app, TaskId task) {
        return app.getBean(EventStore.class).readEvents(task.value()).asStream()
                .filter(e -> e.getPayload() instanceof TaskWentOverdue).count();
    }

    @Test
    void deadlines_passed_while_the_application_was_down_are_recorded_once_by_the_first_sweep_after_restart()
            throws Exception {
        TaskId task = TaskId.generate();
        try (ConfigurableApplicationContext app = start(Clock.systemUTC())) {
            app.getBean(CommandGateway.class).sendAndWait(new RegisterTask(task, "重启台账", "重启后补记逾期", null, "DEPT-A",
                    List.of(), null, null, LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(1),
                    Actor.supervisor("supervisor"), null));
            assertThat(overdueEvents(app, task)).isZero();
        }

        try (ConfigurableApplicationContext app = start(Clock.offset(Clock.systemUTC(), Duration.ofDays(3)))) {
            long deadline = System.currentTimeMillis() + 30_000;
            while (overdueEvents(app, task) == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(overdueEvents(app, task)).isEqualTo(1);

            app.getBean(DueDateSweep.class).sweep();
            assertThat(overdueEvents(app, task)).isEqualTo(1);
        }
    }
}
