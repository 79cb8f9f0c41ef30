package dev.closeout.domain.task;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.common.Text;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A dated step of a task (推进时序表): a quarterly target (季度目标) or a reverse-scheduled step (倒排工期),
 * as the history records it. Events do no validation; {@link #plan} checks what a command brings.
 *
 * @param milestoneId the task's own number for it ({@code M1}, {@code M2}, …), given by the task in the
 *                    order milestones were planned, so replaying the history gives the same ids
 * @param title       what is to be reached
 * @param dueDate     the day it is due; it is missed from the next day, as {@code DueDates} decides
 */
public record Milestone(String milestoneId, String title, LocalDate dueDate) {

    /** What a supervisor plans, before the task numbers it. */
    public record Plan(String title, LocalDate dueDate) {
    }

    /**
     * The plans of one command, each checked and named by its place in the request
     * ({@code milestones[2].dueDate}); at most {@link Limits#MILESTONES}. {@code null} is none.
     */
    /**
     * The position of the first of {@code plans} due after the task's own due date, or -1: a task's
     * milestones lead up to its deadline, never past it.
     */
    public static int firstDueAfter(List<Plan> plans, LocalDate taskDueDate) {
        for (int i = 0; i < plans.size(); i++) {
            if (plans.get(i).dueDate().isAfter(taskDueDate)) {
                return i;
            }
        }
        return -1;
    }

    public static List<Plan> plan(List<Plan> plans, String field) {
        if (plans == null) {
            return List.of();
        }
        if (plans.size() > Limits.MILESTONES) {
            throw new InvalidValueException(field, "must list at most " + Limits.MILESTONES + " milestones");
        }
        List<Plan> checked = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            String at = field + "[" + i + "]";
            Plan plan = Limits.required(plans.get(i), at);
            checked.add(new Plan(Text.line(plan.title(), at + ".title", Limits.TITLE),
                    Limits.requiredDate(plan.dueDate(), at + ".dueDate")));
        }
        return List.copyOf(checked);
    }
}
