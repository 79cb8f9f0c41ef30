package dev.closeout.domain.inspection;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.common.Text;
import dev.closeout.domain.task.TaskId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What can be asked of an inspection round (督查检查). Each command checks its own fields (a bad one
 * cannot be constructed and names the field); the {@link InspectionRound} checks whether the command
 * is allowed now and for this actor.
 */
public sealed interface InspectionCommand {

    InspectionRoundId roundId();

    Actor actor();

    /**
     * 开展督查: a supervisor opens a round of one kind, with a title, the units to inspect (1 to
     * {@link Limits#ROUND_UNITS}, each once) and, optionally, the ledger its findings' tasks go on.
     */
    record OpenRound(@TargetAggregateIdentifier InspectionRoundId roundId, InspectionKind kind, String title,
                     List<String> units, String ledger, Actor actor) implements InspectionCommand {
        public OpenRound {
            Objects.requireNonNull(roundId, "roundId");
            Limits.required(kind, "kind");
            title = Text.line(title, "title", Limits.TITLE);
            units = units(units);
            ledger = Text.optionalName(ledger, "ledger");
            Objects.requireNonNull(actor, "actor");
        }

        private static List<String> units(List<String> units) {
            if (units == null || units.isEmpty()) {
                throw new InvalidValueException("units", "must name at least one unit to inspect");
            }
            if (units.size() > Limits.ROUND_UNITS) {
                throw new InvalidValueException("units", "must name at most " + Limits.ROUND_UNITS + " units");
            }
            List<String> named = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                String unit = Text.name(units.get(i), "units[" + i + "]");
                if (named.contains(unit)) {
                    throw new InvalidValueException("units[" + i + "]", "names " + unit + " a second time");
                }
                named.add(unit);
            }
            return List.copyOf(named);
        }
    }

    /**
     * 发现问题: a problem found at one of the round's units. The caller chooses the finding's id, so
     * that a retried request names the same finding and records it once.
     */
    record RecordFinding(@TargetAggregateIdentifier InspectionRoundId roundId, FindingId findingId, String unit,
                         String description, Actor actor) implements InspectionCommand {
        public RecordFinding {
            Objects.requireNonNull(roundId, "roundId");
            Objects.requireNonNull(findingId, "findingId");
            unit = Text.name(unit, "unit");
            description = Text.block(description, "description", Limits.REASON);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** 已检查: the inspectors have visited and checked one of the round's units. */
    record MarkUnitInspected(@TargetAggregateIdentifier InspectionRoundId roundId, String unit, Actor actor)
            implements InspectionCommand {
        public MarkUnitInspected {
            Objects.requireNonNull(roundId, "roundId");
            unit = Text.name(unit, "unit");
            Objects.requireNonNull(actor, "actor");
        }
    }

    /**
     * 转为整改任务: a finding becomes a rectification task on a ledger, under the task id the caller
     * chose ({@link FindingId#taskIdIn}). Without a ledger the task goes on the round's; without a
     * title it takes the finding's unit and description; without a lead department the unit leads.
     */
    record ConvertFindingToTask(@TargetAggregateIdentifier InspectionRoundId roundId, FindingId findingId,
                                TaskId newTaskId, String ledger, String title, String leadDepartment,
                                LocalDate dueDate, Actor actor) implements InspectionCommand {
        public ConvertFindingToTask {
            Objects.requireNonNull(roundId, "roundId");
            Objects.requireNonNull(findingId, "findingId");
            Objects.requireNonNull(newTaskId, "newTaskId");
            ledger = Text.optionalName(ledger, "ledger");
            title = Text.optionalLine(title, "title", Limits.TITLE);
            leadDepartment = Text.optionalName(leadDepartment, "leadDepartment");
            dueDate = Limits.requiredDate(dueDate, "dueDate");
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** 结束督查: the round's fieldwork is over. Units not marked inspected by then were not inspected. */
    record CloseRound(@TargetAggregateIdentifier InspectionRoundId roundId, Actor actor) implements InspectionCommand {
        public CloseRound {
            Objects.requireNonNull(roundId, "roundId");
            Objects.requireNonNull(actor, "actor");
        }
    }
}
