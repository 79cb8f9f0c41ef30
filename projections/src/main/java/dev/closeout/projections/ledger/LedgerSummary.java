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
 * {@code milestones} are the milestone figures (季度目标完成率) of the tasks not withdrawn.
 */
public record LedgerSummary(String ledger, long registered, long withdrawn, long closed, long open, long overdue,
                            double closureRate, double onTimeRate, Map<Colour, Long> colours, long closedLate,
                            MilestoneFigures milestones, List<DepartmentSummary> departments) {

    public record DepartmentSummary(String department, long registered, long withdrawn, long closed, long open,
                                    long overdue, double closureRate, double onTimeRate, Map<Colour, Long> colours,
                                    long closedLate, MilestoneFigures milestones) {
    }

    /**
     * Milestones (季度目标) as of today: {@code due} have their due date today or earlier; of those,
     * {@code met} were confirmed met, {@code missed} are past their date and still waiting on the
     * department (the colour rule's MILESTONE_MISSED), and the rest are reported and awaiting a
     * supervisor, or due today. {@code rate = met ÷ due} (季度目标完成率), 0 when nothing is due yet;
     * {@code planned} counts every milestone, due or not.
     */
    public record MilestoneFigures(long planned, long due, long met, long missed, double rate) {
    }
}
