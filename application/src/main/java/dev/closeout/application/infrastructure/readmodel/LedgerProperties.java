package dev.closeout.application.infrastructure.readmodel;

import dev.closeout.projections.support.OfficeZone;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.ZoneId;
import java.util.Map;

/**
 * The office's time zone, which dates every item's days and today ({@code closeout.ledger.zone},
 * default Asia/Shanghai). Per-ledger zones ({@code closeout.ledger.zones}) are refused: a colour judged in a ledger's zone
 * and a deadline recorded by the sweep in the office's could disagree about the day.
 */
@ConfigurationProperties("closeout.ledger")
public record LedgerProperties(ZoneId zone, Map<String, ZoneId> zones) {

    public LedgerProperties {
        if (zones != null && !zones.isEmpty()) {
            throw new IllegalArgumentException("closeout.ledger.zones is not supported: every ledger is dated in the "
                    + "office's zone, closeout.ledger.zone; remove the per-ledger zones " + zones.keySet());
        }
    }

    public OfficeZone officeZone() {
        return new OfficeZone(zone == null ? OfficeZone.CHINA : zone);
    }
}
