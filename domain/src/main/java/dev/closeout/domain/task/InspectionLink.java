package dev.closeout.domain.task;

/**
 * The inspection finding a rectification task was converted from (督查检查发现): the round and the
 * finding, by id. The round records the task's id in turn, so each names the other.
 */
public record InspectionLink(String roundId, String findingId) {
}
