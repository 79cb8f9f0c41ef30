package dev.closeout.projections.ledger;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.closeout.domain.time.Colour;

import java.util.List;
import java.util.Map;

/**
 * The account-and-cancel figures (挂账销号台账) of one ledger, overall and per lead department, per
 * responsible leader (包抓领导, {@code byLeader}) and per category (类别, {@code byCategory}), each group with
 * the same figures, sorted by name; the tasks registered with no leader or no category make a group of
 * their own, named {@code null} and listed last.
 * {@code open = registered − withdrawn − closed}; {@code closureRate = closed ÷ (registered −
 * withdrawn)}; {@code onTimeRate = closed on or before the due date ÷ closed}; a rate whose
 * denominator is 0 is {@code null} (nothing to judge, which is not a rate of 0: a department whose one task is
 * open has closed none of it, one with nothing closed yet has closed nothing late). A close recorded when such a
 * rate was written 0 reads as {@code null} too. {@code colours} counts the open items by their colour today (the 作战图
 * board), every colour present; {@code closedLate} counts closed items that were ever recorded overdue.
 * {@code milestones} are the milestone figures (季度目标完成率) of the tasks not withdrawn.
 */
public record LedgerSummary(String ledger, long registered, long withdrawn, long closed, long open, long overdue,
                            Double closureRate, Double onTimeRate, Map<Colour, Long> colours, long closedLate,
                            MilestoneFigures milestones, List<DepartmentSummary> departments,
                            List<LeaderSummary> byLeader, List<CategorySummary> byCategory) {

    public LedgerSummary {
        closureRate = rateOver(closureRate, registered - withdrawn);
        onTimeRate = rateOver(onTimeRate, closed);
    }

    /** {@code rate}, or {@code null} over a zero {@code denominator}. */
    static Double rateOver(Double rate, long denominator) {
        return denominator == 0 ? null : rate;
    }

    /** The figures of one group of a ledger's tasks, whatever the tasks are grouped by. */
    public interface GroupFigures {

        /** The group's name: a department, a leader or a category; {@code null} for the tasks that name none. */
        @JsonIgnore
        String name();

        long registered();

        long withdrawn();

        long closed();

        long open();

        long overdue();

        Double closureRate();

        Double onTimeRate();

        Map<Colour, Long> colours();

        long closedLate();

        MilestoneFigures milestones();
    }

    public record DepartmentSummary(String department, long registered, long withdrawn, long closed, long open,
                                    long overdue, Double closureRate, Double onTimeRate, Map<Colour, Long> colours,
                                    long closedLate, MilestoneFigures milestones) implements GroupFigures {

        public DepartmentSummary {
            closureRate = rateOver(closureRate, registered - withdrawn);
            onTimeRate = rateOver(onTimeRate, closed);
        }

        @Override
        public String name() {
            return department;
        }
    }

    /**
     * The figures of the tasks one responsible leader (包抓领导) answers for; {@code leader} is {@code null} for
     * none named.
     */
    public record LeaderSummary(String leader, long registered, long withdrawn, long closed, long open,
                                long overdue, Double closureRate, Double onTimeRate, Map<Colour, Long> colours,
                                long closedLate, MilestoneFigures milestones) implements GroupFigures {

        public LeaderSummary {
            closureRate = rateOver(closureRate, registered - withdrawn);
            onTimeRate = rateOver(onTimeRate, closed);
        }

        @Override
        public String name() {
            return leader;
        }
    }

    /** The figures of the tasks of one category (类别); {@code category} is {@code null} for none given. */
    public record CategorySummary(String category, long registered, long withdrawn, long closed, long open,
                                  long overdue, Double closureRate, Double onTimeRate, Map<Colour, Long> colours,
                                  long closedLate, MilestoneFigures milestones) implements GroupFigures {

        public CategorySummary {
            closureRate = rateOver(closureRate, registered - withdrawn);
            onTimeRate = rateOver(onTimeRate, closed);
        }

        @Override
        public String name() {
            return category;
        }
    }

    /**
     * Milestones (季度目标) as of today: {@code due} have their due date today or earlier; of those,
     * {@code met} were confirmed met, {@code missed} are past their date and still waiting on the
     * department (the colour rule's MILESTONE_MISSED), and the rest are reported and awaiting a
     * supervisor, or due today. {@code rate = met ÷ due} (季度目标完成率), {@code null} when nothing is due yet;
     * {@code planned} counts every milestone, due or not.
     */
    public record MilestoneFigures(long planned, long due, long met, long missed, Double rate) {

        public MilestoneFigures {
            rate = rateOver(rate, due);
        }
    }
}
