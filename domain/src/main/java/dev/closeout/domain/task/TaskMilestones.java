package dev.closeout.domain.task;

import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.time.DeadlinePolicy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A task's milestones as its aggregate keeps them: each one's due date, standing, and whether it was
 * already recorded missed, so a missed milestone is recorded once (once per milestone, also when it
 * is returned and passes its date again). Changed only from the task's event sourcing handlers.
 */
final class TaskMilestones {

    /** Due dates by milestone id, in the order planned. */
    private final Map<String, LocalDate> dueDates = new LinkedHashMap<>();
    private final Map<String, MilestoneStatus> standings = new HashMap<>();
    /** The milestones already recorded missed. */
    private final Set<String> missedRecorded = new HashSet<>();

    /**
     * Numbers {@code plans} after those already planned ({@code M1}, {@code M2}, …), refusing a plan
     * that would take the task over {@link Limits#MILESTONES} or a milestone due after the task itself.
     */
    List<Milestone> number(List<Milestone.Plan> plans, LocalDate taskDueDate, String field) {
        if (dueDates.size() + plans.size() > Limits.MILESTONES) {
            throw CommandRefusedException.invalid(field, "A task has at most " + Limits.MILESTONES
                    + " milestones; this one has " + dueDates.size() + " and the request adds " + plans.size());
        }
        int late = Milestone.firstDueAfter(plans, taskDueDate);
        if (late >= 0) {
            throw CommandRefusedException.invalid(field + "[" + late + "].dueDate", "The milestone's due date "
                    + plans.get(late).dueDate() + " is after the task's due date " + taskDueDate);
        }
        List<Milestone> numbered = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            Milestone.Plan plan = plans.get(i);
            numbered.add(new Milestone("M" + (dueDates.size() + i + 1), plan.title(), plan.dueDate()));
        }
        return numbered;
    }

    /** Refuses an unknown milestone, or one whose standing does not allow {@code action}. */
    void require(String milestoneId, MilestoneStatus.Action action, String what) {
        MilestoneStatus status = standings.get(milestoneId);
        if (status == null) {
            throw CommandRefusedException.invalid("milestoneId", "The task has no milestone " + milestoneId);
        }
        if (!status.allows(action)) {
            throw CommandRefusedException.state("Milestone " + milestoneId + " is " + status
                    + "; only a " + (action == MilestoneStatus.Action.REPORT_MET ? "PLANNED" : "REPORTED")
                    + " milestone can be " + what);
        }
    }

    /**
     * The milestones missed on {@code today} and not yet recorded so: still waiting on the department
     * and past their due date, as the policy's one overdue rule decides.
     */
    List<Milestone> newlyMissed(LocalDate today, DeadlinePolicy policy) {
        List<Milestone> missed = new ArrayList<>();
        dueDates.forEach((id, dueDate) -> {
            if (standings.get(id).awaitsDepartment() && !missedRecorded.contains(id) && policy.overdue(dueDate, today)) {
                missed.add(new Milestone(id, null, dueDate));
            }
        });
        return missed;
    }

    void planned(List<Milestone> planned) {
        if (planned != null) {
            planned.forEach(m -> {
                dueDates.put(m.milestoneId(), m.dueDate());
                standings.put(m.milestoneId(), MilestoneStatus.PLANNED);
            });
        }
    }

    void standing(String milestoneId, MilestoneStatus status) {
        standings.put(milestoneId, status);
    }

    void missed(String milestoneId) {
        missedRecorded.add(milestoneId);
    }

    /** The milestones reported met and waiting on the supervisor's decision, in plan order. */
    List<String> awaitingDecision() {
        return dueDates.keySet().stream().filter(id -> standings.get(id) == MilestoneStatus.REPORTED).toList();
    }
}
