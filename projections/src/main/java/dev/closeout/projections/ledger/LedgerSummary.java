package dev.closeout.projections.ledger;

import dev.closeout.domain.time.Colour;

import java.util.List;
import java.util.Map;

/**
 * The account-and-cancel figures (挂账销号台账) of one ledger, overall and per lead department.
 * {@code open = registered − withdrawn − closed}; {@code closureRate = closed ÷ (registered −
 * withdrawn)}; {@code onTimeRate = closed on or before the due date ÷ closed}; a rate whose
 * denominator is 0 is 0. {@code colours} counts the open items by their colour today (the 作战图
 * board), every colour present; {@code closedLate} counts closed items that were ever recorded overdue.
 */
public record LedgerSummary(String ledger, long registered, long withdrawn, long closed, long open, long overdue,
                            double closureRate, double onTimeRate, Map<Colour, Long> colours, long closedLate,
                            List<DepartmentSummary> departments) {

    public record DepartmentSummary(String department, long registered, long withdrawn, long closed, long open,
                                    long overdue, double closureRate, double onTimeRate, Map<Colour, Long> colours,
                                    long closedLate) {
    }
}
