package dev.closeout.projections.ledger;

import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Colour;
import dev.closeout.projections.support.Choices;
import dev.closeout.projections.support.LineReader;

import java.util.Set;
import java.util.function.Supplier;

/**
 * Which of a ledger's tasks a listing keeps: those of one lead department, one responsible leader (包抓领导), one
 * category (类别), in one status, of some colours; each {@code null} (no colours: empty) keeps any. Names are
 * compared as stored, exactly.
 */
public record LedgerFilter(String department, String leader, String category, TaskStatus status,
                           Set<Colour> colours) {

    public LedgerFilter {
        // an empty choice ("colour=RED," or "colour="), which a request turns into null, is passed over
        colours = Choices.of(colours);
    }

    /** A filter by lead department, status and colours only. */
    public static LedgerFilter of(String department, TaskStatus status, Set<Colour> colours) {
        return new LedgerFilter(department, null, null, status, colours);
    }

    /** Whether the line's task has the leader and category asked for, which never change. */
    boolean owns(LineReader.Line listed) {
        return (leader == null || leader.equals(listed.field(LedgerProjection.LEADER)))
                && (category == null || category.equals(listed.field(LedgerProjection.CATEGORY)));
    }

    /** Whether the line's task is kept; its colour is judged only when colours are asked for. */
    boolean keeps(LineReader.Line listed, LedgerLine line, Supplier<Colour> colour) {
        return owns(listed) && (status == null || line.status() == status)
                && (colours.isEmpty() || colours.contains(colour.get()));
    }
}
