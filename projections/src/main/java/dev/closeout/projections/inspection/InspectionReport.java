package dev.closeout.projections.inspection;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.inspection.InspectionKind;
import dev.closeout.domain.inspection.InspectionStatus;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A round and its report in the words of the seeds ("对35个单位开展督导检查，推动并解决问题11个"): units
 * inspected, problems found, rectified (found, converted into a task, and that task closed) and still
 * open (every other problem found, converted or not). The figures are decided here once, from the
 * round's view and the closed state of its findings' tasks.
 */
public record InspectionReport(String roundId, InspectionKind kind, String title, String ledger,
                               InspectionStatus status, List<InspectionRoundView.Unit> units, List<Finding> findings,
                               Figures figures, Instant openedAt, Actor openedBy, Instant closedAt, Actor closedBy) {

    /** A finding with its task's state: {@code rectified} once that task is closed (and not reopened). */
    public record Finding(String findingId, String unit, String description, Instant recordedAt, Actor recordedBy,
                          String taskId, boolean rectified) {
    }

    public record Figures(int unitsToInspect, int unitsInspected, int problemsFound, int convertedToTasks,
                          int rectified, int stillOpen) {
    }

    static InspectionReport of(InspectionRoundView round, Set<String> closedTasks) {
        List<Finding> findings = round.findings().stream()
                .map(f -> new Finding(f.findingId(), f.unit(), f.description(), f.recordedAt(), f.recordedBy(),
                        f.taskId(), f.taskId() != null && closedTasks.contains(f.taskId())))
                .toList();
        int inspected = (int) round.units().stream().filter(u -> u.inspectedAt() != null).count();
        int converted = (int) findings.stream().filter(f -> f.taskId() != null).count();
        int rectified = (int) findings.stream().filter(Finding::rectified).count();
        Figures figures = new Figures(round.units().size(), inspected, findings.size(), converted, rectified,
                findings.size() - rectified);
        return new InspectionReport(round.roundId(), round.kind(), round.title(), round.ledger(), round.status(),
                round.units(), findings, figures, round.openedAt(), round.openedBy(), round.closedAt(),
                round.closedBy());
    }
}
