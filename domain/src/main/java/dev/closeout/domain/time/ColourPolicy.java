package dev.closeout.domain.time;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * An item's colour on a day (红黄蓝): the worst colour any rule gives it, with every rule that
 * fired as a reason, so an overdue item that has also gone silent says both.
 *
 * <p>A closed or withdrawn item is blue with no reasons: its clock has stopped, and whether it
 * closed on time is the ledger's on-time closure rate, not a colour on the board.
 */
public final class ColourPolicy {

    private final List<ColourRule> rules;

    ColourPolicy(List<ColourRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Overdue, due soon, no recent progress, lagging, a milestone missed and a referral's report-back
     * overdue, with the given thresholds.
     */
    public static ColourPolicy standard(WorkingCalendar calendar, ColourThresholds thresholds) {
        return new ColourPolicy(List.of(
                new OverdueRule(),
                new DueSoonRule(calendar, thresholds.dueSoonWorkingDays()),
                new StaleProgressRule(thresholds.staleProgressDays()),
                new LaggingProgressRule(thresholds.lagPoints()),
                new MilestoneMissedRule(),
                new ReferralReportBackOverdueRule()));
    }

    /**
     * A complaint's colours: overdue, due soon and a referral's report-back overdue. Nothing is reported of a
     * complaint between its acceptance (签收) and its reply (答复), so silence says nothing of it and the progress rules
     * do not apply: a petition with 60 days to answer is not yellow from its fourteenth. What a petitions office
     * chases on a complaint, acceptance and answer within their time limits, the deadline check records.
     */
    public static ColourPolicy forComplaints(WorkingCalendar calendar, ColourThresholds thresholds) {
        return new ColourPolicy(List.of(
                new OverdueRule(),
                new DueSoonRule(calendar, thresholds.dueSoonWorkingDays()),
                new ReferralReportBackOverdueRule()));
    }

    public Assessment assess(ItemTimeline item, LocalDate today) {
        if (!item.open()) {
            return Assessment.onTrack();
        }
        Colour colour = Colour.BLUE;
        List<ColourReason> reasons = new ArrayList<>();
        for (ColourRule rule : rules) {
            var finding = rule.assess(item, today);
            if (finding.isPresent()) {
                colour = colour.worse(finding.get().colour());
                reasons.add(finding.get().reason());
            }
        }
        return new Assessment(colour, reasons);
    }
}
