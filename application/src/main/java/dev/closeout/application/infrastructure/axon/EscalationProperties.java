package dev.closeout.application.infrastructure.axon;

import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.time.EscalationSchedule;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * The escalation ladder ({@code closeout.escalation.levels[i].code/label}), lowest first, and the
 * automatic escalation schedule ({@code closeout.escalation.automatic[i].working-days-overdue/level}).
 * Unset, the default ladder 催办 → 督办 → 专题调度 → 顶格调度 applies, reached at 1, 5, 10 and 20
 * working days overdue.
 */
@ConfigurationProperties("closeout.escalation")
public record EscalationProperties(List<EscalationLadder.Level> levels, List<Automatic> automatic) {

    /** One automatic step: from this many working days overdue on, this level (code or label). */
    public record Automatic(int workingDaysOverdue, String level) {
    }

    /**
     * Without {@code automatic} the default thresholds apply, by the default levels' codes: an office
     * with its own ladder sets its own schedule, or start-up fails naming the missing level.
     */
    public EscalationSchedule schedule() {
        List<EscalationSchedule.Step> steps = automatic == null || automatic.isEmpty()
                ? EscalationSchedule.DEFAULT.steps()
                : automatic.stream().map(a -> new EscalationSchedule.Step(a.workingDaysOverdue(), a.level())).toList();
        return new EscalationSchedule(ladder(), steps);
    }

    public EscalationLadder ladder() {
        return levels == null || levels.isEmpty() ? EscalationLadder.DEFAULT : new EscalationLadder(levels);
    }
}
