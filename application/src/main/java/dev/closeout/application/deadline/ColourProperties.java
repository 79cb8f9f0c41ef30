package dev.closeout.application.deadline;

import dev.closeout.domain.time.ColourThresholds;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The colour thresholds ({@code closeout.colour.due-soon-working-days}, {@code stale-progress-days},
 * {@code lag-points}) and per-ledger overrides ({@code closeout.colour.ledgers[<ledger>].*}); what is
 * not set falls back to the level above, and finally to {@link ColourThresholds#DEFAULT}.
 */
@ConfigurationProperties("closeout.colour")
public record ColourProperties(Integer dueSoonWorkingDays, Integer staleProgressDays, Integer lagPoints,
                               Map<String, Thresholds> ledgers) {

    public record Thresholds(Integer dueSoonWorkingDays, Integer staleProgressDays, Integer lagPoints) {
    }

    public ColourThresholds defaults() {
        return merge(ColourThresholds.DEFAULT, dueSoonWorkingDays, staleProgressDays, lagPoints);
    }

    public Map<String, ColourThresholds> perLedger() {
        Map<String, ColourThresholds> result = new LinkedHashMap<>();
        if (ledgers != null) {
            ColourThresholds base = defaults();
            ledgers.forEach((ledger, t) -> result.put(ledger,
                    merge(base, t.dueSoonWorkingDays(), t.staleProgressDays(), t.lagPoints())));
        }
        return result;
    }

    private static ColourThresholds merge(ColourThresholds base, Integer dueSoon, Integer stale, Integer lag) {
        return new ColourThresholds(dueSoon == null ? base.dueSoonWorkingDays() : dueSoon,
                stale == null ? base.staleProgressDays() : stale, lag == null ? base.lagPoints() : lag);
    }
}
