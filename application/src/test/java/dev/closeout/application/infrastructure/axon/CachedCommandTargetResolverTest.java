package dev.closeout.application.infrastructure.axon;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskCommand;
import dev.closeout.domain.task.TaskId;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The cached resolver answers every command as Axon's own resolver does, target and version, and refuses what it
 * refuses with the same words, whichever way a command class keeps them.
 */
class CachedCommandTargetResolverTest {

    private final CommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();
    private final CommandTargetResolver cached = new CachedCommandTargetResolver();

    record OnARecord(@TargetAggregateIdentifier String id, @TargetAggregateVersion Long version) {
    }

    static final class OnFields {
        @TargetAggregateIdentifier
        private final Object id;
        @TargetAggregateVersion
        private final Object version;

        OnFields(Object id, Object version) {
            this.id = id;
            this.version = version;
        }
    }

    static final class OnAMethod {
        @TargetAggregateIdentifier
        private final String field = "from the field";

        @TargetAggregateIdentifier
        String id() {
            return "from the method";
        }
    }

    static final class Throwing {
        @TargetAggregateIdentifier
        String id() {
            throw new IllegalStateException("no id today");
        }
    }

    @Test
    void answers_each_command_as_axons_resolver_does() {
        TaskId task = TaskId.generate();
        List<Object> commands = List.of(
                new TaskCommand.ClaimTask(task, Actor.department("dept-a", "DEPT-A")),
                new TaskCommand.WithdrawTask(task, "重复", Actor.supervisor("supervisor")),
                new OnARecord("task-1", 7L), new OnARecord("task-1", null),
                new OnFields("task-2", 3), new OnFields("task-2", "12"), new OnFields(42L, null),
                new OnAMethod());
        for (Object command : commands) {
            GenericCommandMessage<Object> message = new GenericCommandMessage<>(command);
            assertThat(cached.resolveTarget(message)).as("%s", command).isEqualTo(axon.resolveTarget(message));
            assertThat(cached.resolveTarget(message)).as("asked again").isEqualTo(axon.resolveTarget(message));
        }
        assertThat(cached.resolveTarget(new GenericCommandMessage<>(new OnAMethod())).getIdentifier())
                .isEqualTo("from the method");
        assertThat(cached.resolveTarget(new GenericCommandMessage<>(new OnFields("task-2", "12"))).getVersion())
                .isEqualTo(12L);
    }

    @Test
    void refuses_what_axons_resolver_refuses_with_its_words() {
        for (Object command : List.of(new OnARecord(null, 1L), new OnFields("task-3", "twelve"), new Throwing(),
                "a command that names no target")) {
            GenericCommandMessage<Object> message = new GenericCommandMessage<>(command);
            Throwable expected = catchThrowable(() -> axon.resolveTarget(message));
            assertThat(expected).as("%s", command).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> cached.resolveTarget(message)).as("%s", command)
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(expected.getMessage());
        }
    }
}
