package dev.closeout.application.infrastructure.axon;

import dev.closeout.application.support.CostModel;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.MongoCommandCounts;
import dev.closeout.application.support.MongoCommandCounts.Costs;
import dev.closeout.application.task.TaskService;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.Task;
import dev.closeout.domain.task.TaskCommand;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.projections.task.TaskView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.LocalDate;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A command to an item that a command loaded or changed lately finds the item held in memory
 * ({@link AggregateCache}): it reads nothing of the event store back, and answers as the stored events
 * would, refused commands included.
 */
class CommandsOnHeldAggregatesTest extends IntegrationTest {

    private static final Set<String> EVENT_STORE = Set.of("events", "snapshots");

    @Autowired
    private MongoCommandCounts counts;
    @Autowired
    private CommandGateway commands;
    @Autowired
    private TaskService tasks;
    @Autowired
    private AggregateCache cache;

    @Test
    void a_command_to_a_held_item_reads_none_of_its_events_back() {
        TaskId task = TaskId.generate();
        Actor lead = Actor.department("held-a", "HELD-A");
        commands.sendAndWait(CostModel.registration(task, uniqueLedger("常驻台账"), "HELD-A", LocalDate.now(clock).plusDays(30)));

        Costs claim = handled(new TaskCommand.ClaimTask(task, lead));
        Costs progress = handled(new TaskCommand.ReportProgress(task, "已完成一半", 50, lead));
        cache.of(Task.class).remove(task.value());
        Costs loaded = handled(new TaskCommand.ReportProgress(task, "已完成六成", 60, lead));

        assertThat(claim.queries()).as("queries of the event store by a claim").isZero();
        assertThat(progress.queries()).as("queries of the event store by a progress report").isZero();
        assertThat(progress.docsWritten()).as("its event").isEqualTo(1);
        assertThat(loaded.docsRead()).as("a command to an item not held reads its events").isEqualTo(3);
    }

    /** What the event store was asked while handling the command (on this thread), its projections' work aside. */
    private Costs handled(Object command) {
        MongoCommandCounts.Recording recording = counts.startOnThisThread(database);
        Costs costs;
        try {
            commands.sendAndWait(command);
        } finally {
            costs = recording.stop();
        }
        return costs.only(EVENT_STORE);
    }

    @Test
    void a_refused_command_leaves_the_held_item_as_its_events_have_it() {
        TaskId task = TaskId.generate();
        Actor lead = Actor.department("held-b", "HELD-B");
        commands.sendAndWait(CostModel.registration(task, uniqueLedger("常驻台账"), "HELD-B", LocalDate.now(clock).plusDays(30)));
        commands.sendAndWait(new TaskCommand.ClaimTask(task, lead));
        assertThat(cache.of(Task.class).containsKey(task.value())).isTrue();

        assertThatThrownBy(() -> commands.sendAndWait(new TaskCommand.ClaimTask(task, lead)))
                .as("claimed already");
        assertThatThrownBy(() -> commands.sendAndWait(new TaskCommand.CloseTask(task, Actor.supervisor("supervisor"))))
                .as("no closure requested");
        commands.sendAndWait(new TaskCommand.ReportProgress(task, "已完成七成", 70, lead));
        cache.of(Task.class).remove(task.value());
        commands.sendAndWait(new TaskCommand.ReportProgress(task, "已完成八成", 80, lead));

        TaskView view = tasks.send(new TaskCommand.ReportProgress(task, "已完成九成", 90, lead)).orElseThrow().task();
        assertThat(view.status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(view.latestProgress().percentComplete()).isEqualTo(90);
        assertThat(view.version()).as("sequence number of its last event: nothing refused was appended").isEqualTo(4);
    }
}
