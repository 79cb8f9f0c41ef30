package dev.closeout.application.axon;

import dev.closeout.projections.support.LedgerZones;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.ZoneId;
import java.util.Map;

/**
 * The time zone ledgers count due dates in ({@code closeout.ledger.zone}, default
 * Asia/Shanghai), and per-ledger exceptions ({@code closeout.ledger.zones[ledger name]}).
 */
@ConfigurationProperties("closeout.ledger")
public record LedgerProperties(ZoneId zone, Map<String, ZoneId> zones) {

    public LedgerZones ledgerZones() {
        return new LedgerZones(zone == null ? LedgerZones.CHINA : zone, zones == null ? Map.of() : zones);
    }
}
