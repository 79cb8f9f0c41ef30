package dev.closeout.projections.inspection;

/**
 * The task a finding became, keyed by the task's id so that the task's own closing and reopening
 * find it by exact key: {@code closed} says the problem is rectified (整改到位, the task 销号).
 */
public record InspectionTaskLink(String taskId, String roundId, String findingId, boolean closed) {
}
