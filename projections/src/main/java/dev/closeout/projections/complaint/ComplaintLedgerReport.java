package dev.closeout.projections.complaint;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.closeout.domain.complaint.ComplaintChannel;
import dev.closeout.domain.complaint.Referral;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The complaint ledger of a period of receipt ({@code from} to {@code to}, both inclusive):
 * the figures of all its complaints, then the same figures by referral source, by channel and
 * by the department each complaint is assigned to now.
 */
public record ComplaintLedgerReport(LocalDate from, LocalDate to, @JsonUnwrapped Figures total,
                                    Map<Referral, Figures> byReferral, Map<ComplaintChannel, Figures> byChannel,
                                    List<DepartmentFigures> departments) {

    /** The department of complaints not yet assigned to one. */
    public static final String UNASSIGNED = "unassigned";

    /**
     * @param replied          complaints that ever received a reply
     * @param responseDue      complaints whose answer was due by the day judged on: replied, or past their due date
     *                         (a complaint not yet assigned has none); the denominator of {@code responseRate}
     * @param overdue          open complaints past their due date today
     * @param rated            complaints with at least one rating; the denominator of {@code satisfactionRate}
     * @param reopened         complaints reopened at least once
     * @param closureRate      closed ÷ received, {@code null} when nothing was received
     * @param responseRate     replied ÷ responseDue (响应率), {@code null} when no answer was due yet; a reply made after the due
     *                         date counts as an answer, since the lines do not record the day of the reply
     * @param satisfactionRate latest rating satisfied or basically satisfied ÷ rated, {@code null} when none is rated
     */
    public record Figures(long received, long closed, long replied, long responseDue, long open, long overdue, long rated,
                          long reopened, Double closureRate, Double responseRate, Double satisfactionRate) {
    }

    public record DepartmentFigures(String department, @JsonUnwrapped Figures figures) {
    }
}
