package dev.closeout.projections.ledger;

import java.util.List;

/**
 * The account-and-cancel figures (挂账销号台账) of one ledger, overall and per lead department.
 * {@code open = registered − withdrawn − closed}; {@code closureRate = closed ÷ (registered −
 * withdrawn)}; {@code onTimeRate = closed on or before the due date ÷ closed}; a rate whose
 * denominator is 0 is 0.
 */
public record LedgerSummary(String ledger, long registered, long withdrawn, long closed, long open, long overdue,
                            double closureRate, double onTimeRate, List<DepartmentSummary> departments) {

    public record DepartmentSummary(String department, long registered, long withdrawn, long closed, long open,
                                    long overdue, double closureRate, double onTimeRate) {
    }
}
