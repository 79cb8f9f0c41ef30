package dev.closeout.application.task;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.closeout.application.referral.ReferralResponse;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Colour;
import dev.closeout.domain.time.ColourReason;
import dev.closeout.domain.time.DueDates;
import dev.closeout.projections.task.TaskView;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A task view as the API shows it: the stored view plus what depends on today's date, its colour
 * (红黄蓝) and the reasons for it, and its milestones and referral with their status today.
 */
public record TaskResponse(@JsonUnwrapped @JsonIgnoreProperties({"milestones", "referral"}) TaskView task,
                           boolean overdue, Colour colour, List<ColourReason> colourReasons,
                           List<MilestoneResponse> milestones, ReferralResponse referral) {

    /** As {@code task}'s milestones and referral stand on {@code today}. */
    static TaskResponse of(TaskView task, LocalDate today, Colour colour, List<ColourReason> reasons) {
        return new TaskResponse(task, task.isOverdueOn(today), colour, reasons,
                task.milestones().stream().map(m -> MilestoneResponse.of(m, today, !task.status().isOpen()))
                        .toList(),
                ReferralResponse.of(task.referral(), today));
    }

    /**
     * One milestone: {@code status} is {@code PLANNED}, {@code REPORTED} (reported met, awaiting a
     * supervisor), {@code MET} (confirmed), or {@code MISSED}: planned and past its due date today, as
     * {@link DueDates#overdue} decides. {@code missedRecorded} says the engine recorded it missed (and
     * alerted), and stays after it is met late.
     */
    public record MilestoneResponse(String milestoneId, String title, LocalDate dueDate, String status,
                                    TaskView.ClosureRequest report, TaskView.Note lastReturn, Instant confirmedAt,
                                    Actor confirmedBy, boolean missedRecorded) {

        /**
         * {@code closed}: a closed or withdrawn task misses no milestone (its clock stopped); one shows missed only if it
         * was recorded so before.
         */
        static MilestoneResponse of(TaskView.MilestoneView m, LocalDate today, boolean closed) {
            boolean missed = closed ? m.missedRecorded() && m.status().awaitsDepartment()
                    : m.status().awaitsDepartment() && DueDates.overdue(m.dueDate(), today);
            return new MilestoneResponse(m.milestoneId(), m.title(), m.dueDate(), missed ? "MISSED" : m.status().name(),
                    m.report(), m.lastReturn(), m.confirmedAt(), m.confirmedBy(), m.missedRecorded());
        }
    }
}
