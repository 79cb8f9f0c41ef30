package dev.closeout.application.ledger;

import dev.closeout.domain.common.Limits;
import dev.closeout.domain.common.Text;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Colour;
import dev.closeout.projections.ledger.LedgerFilter;

import java.util.Set;

/**
 * The filters of a ledger's entries as a request names them ({@code department}, {@code leader}, {@code category},
 * {@code status}, {@code colour}), for the entries, the CSV and the workbook alike. A leader or category is read as
 * registration reads it (one line, at most {@value Limits#NAME} characters, trimmed and normalised), so a name
 * typed as it was registered finds its tasks; a blank or malformed one is refused, naming the parameter. A name
 * no task carries (a category not on the office's list included) lists nothing, as an unknown department does.
 */
public final class LedgerFilters {

    private LedgerFilters() {
    }

    public static LedgerFilter of(String department, String leader, String category, TaskStatus status,
                                  Set<Colour> colours) {
        return new LedgerFilter(department, leader == null ? null : Text.line(leader, "leader", Limits.NAME),
                category == null ? null : Text.line(category, "category", Limits.NAME), status, colours);
    }
}
