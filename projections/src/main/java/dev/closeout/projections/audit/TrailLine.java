package dev.closeout.projections.audit;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One step of the audit trail (审计轨迹): an event of a task or a complaint, or a read of a
 * complainant's unmasked data, as the trail shows it.
 *
 * @param position       the trail's position, the cursor a reader resumes from: increasing in the order
 *                       the trail took events in (the store's global order, except that an event
 *                       committed after later ones is taken when it appears)
 * @param globalIndex    how far the event store's global index had come when the trail took the event:
 *                       the event's own index, or a higher one for an event committed late
 * @param day            the office day of {@code at}
 * @param department     the actor's department, when the actor acts for one
 * @param itemDepartment the department responsible for the item when it happened (a task's lead
 *                       department, a complaint's assigned department), {@code null} if none yet
 * @param text           the event's reason, evidence or note, where it has one
 * @param path           for a read of complainant data: the request or page that showed it
 */
public record TrailLine(long position, long globalIndex, Instant at, LocalDate day, String itemType, String itemId,
                        String type, String actor, String role, String department, String itemDepartment,
                        String text, String path) {
}
