package dev.closeout.application.axon;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.ZoneId;
import java.util.Map;

/** Per-ledger time zones ({@code closeout.ledger.zones[ledger name]=Zone/Id}) where one differs from the default. */
@ConfigurationProperties("closeout.ledger")
public record LedgerZoneProperties(Map<String, ZoneId> zones) {
}
