package dev.closeout.projections.ledger;

/**
 * How a lead department kept the deadlines of a period, over the ledgers asked for: the tasks
 * registered in it, and of those due in it (withdrawn ones left out) how many were closed on time,
 * closed late, or are still open past their due date. A task due in the period is reckoned once
 * its due date has passed or it is closed, so an evaluation in mid-quarter does not count what is
 * not yet due against anyone.
 *
 * @param onTimeRate closed on time ÷ reckoned; {@code null} when nothing is reckoned yet
 */
public record DepartmentDeadlines(String department, long registered, long due, long reckoned, long closedOnTime,
                                  long closedLate, long openPastDue, Double onTimeRate) {
}
