package dev.closeout.projections.ledger;

import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Colour;
import dev.closeout.domain.time.ColourReason;

import java.time.LocalDate;
import java.util.List;

/**
 * A task as the ledger listed it at the end of a past day: its line of that day and the colour it was
 * judged then (decision 0012).
 *
 * @param responsibleLeader the task's responsible leader (包抓领导), {@code null} when none was named
 * @param category          the task's category (类别), {@code null} when none was given
 * @param closedOnTime      for a task closed by then, whether on or before its due date
 * @param everOverdue       whether it had been recorded overdue by then
 */
public record LedgerEntry(String taskId, String leadDepartment, String responsibleLeader, String category,
                          TaskStatus status, LocalDate dueDate, LocalDate registeredOn, LocalDate lastProgressOn,
                          Integer percentComplete, Boolean closedOnTime, boolean everOverdue,
                          boolean extensionPending, Colour colour, List<ColourReason> colourReasons) {
}
