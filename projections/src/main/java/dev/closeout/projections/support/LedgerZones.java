package dev.closeout.projections.support;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/**
 * The time zone each ledger counts its due dates in. A task due on 30 June is overdue from
 * 1 July 00:00 in its ledger's zone, wherever the server runs. Default Asia/Shanghai.
 */
public record LedgerZones(ZoneId defaultZone, Map<String, ZoneId> overrides) {

    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    public LedgerZones {
        overrides = Map.copyOf(overrides);
    }

    public static LedgerZones china() {
        return new LedgerZones(CHINA, Map.of());
    }

    public ZoneId zoneOf(String ledger) {
        return overrides.getOrDefault(ledger, defaultZone);
    }

    public LocalDate dateOf(String ledger, Instant instant) {
        return LocalDate.ofInstant(instant, zoneOf(ledger));
    }

    public LocalDate today(String ledger, Clock clock) {
        return dateOf(ledger, clock.instant());
    }
}
