package dev.closeout.application.deadline;

import dev.closeout.application.CloseoutApplication;
import dev.closeout.application.support.TestClock;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.Milestone;
import dev.closeout.domain.task.TaskCommand.RegisterTask;
import dev.closeout.domain.task.TaskEvent.MilestoneMissed;
import dev.closeout.domain.task.TaskEvent.TaskWentOverdue;
import dev.closeout.domain.task.TaskId;
import dev.closeout.projections.alert.Alert;
import dev.closeout.projections.alert.AlertFeed;
import dev.closeout.projections.alert.AlertFilter;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default on an H2 file, started twice on the tests' clock (a fixed day, not today): a task
 * due tomorrow and another with a milestone (季度目标) due tomorrow are registered, the application stops,
 * three days pass, and the first sweep after the restart records the missed deadline and the missed
 * milestone, once each, with one alert for the milestone; sweeping again adds nothing.
 */
class SweepAfterRestartTest {

    @TempDir
    Path data;

    private ConfigurableApplicationContext start(Clock clock, String... arguments) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        List<String> line = new ArrayList<>(List.of("--closeout.data-dir=" + data, "--server.port=0",
                "--spring.profiles.active=embedded"));
        line.addAll(List.of(arguments));
        return new SpringApplicationBuilder(CloseoutApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("testClock", clock))
                .run(line.toArray(String[]::new));
    }

    private static long events(ConfigurableApplicationContext app, TaskId task, Class<?> type) {
        return app.getBean(EventStore.class).readEvents(task.value()).asStream()
                .filter(e -> type.isInstance(e.getPayload())).count();
    }

    private static List<String> milestoneAlerts(ConfigurableApplicationContext app, TaskId task) {
        return app.getBean(AlertFeed.class).after(0, 500, AlertFilter.ALL).alerts().stream()
                .filter(alert -> alert.subjectId().equals(task.value())).map(Alert::reason)
                .filter("MILESTONE_MISSED"::equals).toList();
    }

    @Test
    void deadlines_and_milestones_passed_while_the_application_was_down_are_recorded_once_by_the_first_sweep_after_restart()
            throws Exception {
        TaskId task = TaskId.generate();
        TaskId planned = TaskId.generate();
        try (ConfigurableApplicationContext app = start(new TestClock())) {
            CommandGateway commands = app.getBean(CommandGateway.class);
            commands.sendAndWait(new RegisterTask(task, "重启台账", "重启后补记逾期", null, "DEPT-A",
                    List.of(), null, null, TestClock.firstDay().plusDays(1),
                    Actor.supervisor("supervisor"), null));
            commands.sendAndWait(new RegisterTask(planned, "重启台账", "重启后补记节点", null, "DEPT-A",
                    List.of(), null, null, TestClock.firstDay().plusDays(30), Actor.supervisor("supervisor"), null,
                    null, null, List.of(new Milestone.Plan("一季度目标", TestClock.firstDay().plusDays(1)))));
            assertThat(events(app, task, TaskWentOverdue.class)).isZero();
            assertThat(events(app, planned, MilestoneMissed.class)).isZero();
        }

        TestClock threeDaysOn = new TestClock();
        threeDaysOn.advance(Duration.ofDays(3));
        // The sweep at start-up is postponed while the index takes in what it missed, and tried again for at most
        // an interval: every two seconds rather than every minute, so that on a slow machine the next one comes
        // well within the wait. Each sweep after the first that runs must record nothing again.
        try (ConfigurableApplicationContext app = start(threeDaysOn, "--closeout.sweep.interval=PT2S")) {
            long deadline = System.currentTimeMillis() + 60_000;
            while ((events(app, task, TaskWentOverdue.class) == 0 || events(app, planned, MilestoneMissed.class) == 0
                    || milestoneAlerts(app, planned).isEmpty()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(events(app, task, TaskWentOverdue.class)).isEqualTo(1);
            assertThat(events(app, planned, MilestoneMissed.class)).isEqualTo(1);
            assertThat(milestoneAlerts(app, planned)).hasSize(1);

            assertThat(Sweeps.sweptOnceCaughtUp(app.getBean(DueDateSweep.class)).swept()).isTrue();
            assertThat(events(app, task, TaskWentOverdue.class)).isEqualTo(1);
            assertThat(events(app, planned, MilestoneMissed.class)).isEqualTo(1);
        }
    }
}
