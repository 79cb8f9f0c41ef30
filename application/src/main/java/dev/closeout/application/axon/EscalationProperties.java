package dev.closeout.application.axon;

import dev.closeout.domain.common.EscalationLadder;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * The escalation ladder ({@code closeout.escalation.levels[i].code/label}), lowest first.
 * Unset, the default ladder 催办 → 督办 → 专题调度 → 顶格调度 applies.
 */
@ConfigurationProperties("closeout.escalation")
public record EscalationProperties(List<EscalationLadder.Level> levels) {

    public EscalationLadder ladder() {
        return levels == null || levels.isEmpty() ? EscalationLadder.DEFAULT : new EscalationLadder(levels);
    }
}
