package dev.closeout.domain.inspection;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskId;

import java.time.LocalDate;
import java.util.List;

/**
 * Everything that can happen to an inspection round, oldest step first. Events are facts already
 * recorded: they do no validation, so every stored event can always be read back. Each names the
 * actor; the time is the event message's timestamp.
 */
public sealed interface InspectionEvent {

    InspectionRoundId roundId();

    Actor actor();

    /** {@code ledger} is {@code null} when each conversion names its own. */
    record RoundOpened(InspectionRoundId roundId, InspectionKind kind, String title, List<String> units,
                       String ledger, Actor actor) implements InspectionEvent {
    }

    record FindingRecorded(InspectionRoundId roundId, FindingId findingId, String unit, String description,
                           Actor actor) implements InspectionEvent {
    }

    record UnitInspected(InspectionRoundId roundId, String unit, Actor actor) implements InspectionEvent {
    }

    /** Everything the task needs to be registered: its ledger, title and lead department are already resolved. */
    record FindingConvertedToTask(InspectionRoundId roundId, FindingId findingId, TaskId taskId, String ledger,
                                  String title, String leadDepartment, LocalDate dueDate, Actor actor)
            implements InspectionEvent {
    }

    record RoundClosed(InspectionRoundId roundId, Actor actor) implements InspectionEvent {
    }
}
