package dev.closeout.projections.audit;

import java.time.LocalDate;

/**
 * What a page of the trail asks for: every filter given must hold (AND); {@code null} filters are
 * not applied. {@code department} matches the actor's department or the item's.
 *
 * @param from  first office day, inclusive
 * @param to    last office day, inclusive
 * @param after the position the reader saw last (0 from the start)
 */
public record TrailQuery(String actor, String department, String type, LocalDate from, LocalDate to, long after,
                         int limit) {

    boolean accepts(String actor, String type, Iterable<String> departments, LocalDate day) {
        return (this.actor == null || this.actor.equals(actor))
                && (this.type == null || this.type.equals(type))
                && (this.department == null || contains(departments, this.department))
                && (from == null || !day.isBefore(from))
                && (to == null || !day.isAfter(to));
    }

    private static boolean contains(Iterable<String> values, String wanted) {
        for (String value : values) {
            if (wanted.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
