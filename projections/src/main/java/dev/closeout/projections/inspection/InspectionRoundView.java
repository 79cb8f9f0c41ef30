package dev.closeout.projections.inspection;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.inspection.InspectionEvent;
import dev.closeout.domain.inspection.InspectionKind;
import dev.closeout.domain.inspection.InspectionStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One inspection round as its events left it: the units and which were inspected, the findings and
 * the task each became. Each method returns the view after one event, named after what happened;
 * {@code version} is the sequence number of the round's last event folded in. Whether a finding's
 * task is closed is not the round's event, so it is kept beside the view ({@link InspectionTaskLink}).
 */
public record InspectionRoundView(String roundId, InspectionKind kind, String title, String ledger,
                                  InspectionStatus status, List<Unit> units, List<Finding> findings,
                                  Instant openedAt, Actor openedBy, Instant closedAt, Actor closedBy, long version,
                                  Instant updatedAt) {

    /** A unit to inspect; {@code inspectedAt} is {@code null} until it is marked inspected. */
    public record Unit(String unit, Instant inspectedAt, Actor inspectedBy) {
    }

    /** A problem found; {@code taskId} is {@code null} until it is converted into a task. */
    public record Finding(String findingId, String unit, String description, Instant recordedAt, Actor recordedBy,
                          String taskId, Instant convertedAt) {
    }

    static InspectionRoundView opened(InspectionEvent.RoundOpened e, long version, Instant at) {
        return new InspectionRoundView(e.roundId().value(), e.kind(), e.title(), e.ledger(), InspectionStatus.OPEN,
                e.units().stream().map(unit -> new Unit(unit, null, null)).toList(), List.of(), at, e.actor(), null,
                null, version, at);
    }

    InspectionRoundView findingRecorded(Finding finding, long v, Instant at) {
        List<Finding> more = new ArrayList<>(findings);
        more.add(finding);
        return new InspectionRoundView(roundId, kind, title, ledger, status, units, more, openedAt, openedBy,
                closedAt, closedBy, v, at);
    }

    InspectionRoundView unitInspected(String name, Actor by, long v, Instant at) {
        List<Unit> marked = units.stream()
                .map(u -> u.unit().equals(name) ? new Unit(name, at, by) : u)
                .toList();
        return new InspectionRoundView(roundId, kind, title, ledger, status, marked, findings, openedAt, openedBy,
                closedAt, closedBy, v, at);
    }

    InspectionRoundView findingConverted(String findingId, String taskId, long v, Instant at) {
        List<Finding> converted = findings.stream()
                .map(f -> f.findingId().equals(findingId) ? new Finding(f.findingId(), f.unit(), f.description(),
                        f.recordedAt(), f.recordedBy(), taskId, at) : f)
                .toList();
        return new InspectionRoundView(roundId, kind, title, ledger, status, units, converted, openedAt, openedBy,
                closedAt, closedBy, v, at);
    }

    InspectionRoundView closed(Actor by, long v, Instant at) {
        return new InspectionRoundView(roundId, kind, title, ledger, InspectionStatus.CLOSED, units, findings,
                openedAt, openedBy, at, by, v, at);
    }
}
