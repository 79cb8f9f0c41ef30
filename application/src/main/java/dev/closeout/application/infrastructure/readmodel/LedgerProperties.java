package dev.closeout.application.infrastructure.readmodel;

import dev.closeout.projections.support.OfficeZone;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.ZoneId;
import java.util.Map;

/**
 * The office's time zone, which dates every item's days and today ({@code closeout.ledger.zone},
 * default Asia/Shanghai). Per-ledger zones ({@code closeout.ledger.zones}) are refused: a colour judged in a ledger's zone
 * and a deadline recorded by the sweep in the office's could disagree about the day.
 * <p>
 * {@code closeout.ledger.held-lines} (default {@value #HELD_LINES}): how many ledger lines each instance holds in
 * memory, kept current from the ledgers' change log, so that figures and pages do not read every line of a ledger
 * (decision 0017); 0 reads them from the store every time.
 */
@ConfigurationProperties("closeout.ledger")
public record LedgerProperties(ZoneId zone, Map<String, ZoneId> zones, Integer heldLines) {

    /** A county's ledgers (10,000 tasks) three times over; about 2 KB of heap a line. */
    public static final int HELD_LINES = 30_000;

    public LedgerProperties {
        if (heldLines == null) {
            heldLines = HELD_LINES;
        }
        if (heldLines < 0) {
            throw new IllegalArgumentException("closeout.ledger.held-lines must not be negative: " + heldLines);
        }
        if (zones != null && !zones.isEmpty()) {
            throw new IllegalArgumentException("closeout.ledger.zones is not supported: every ledger is dated in the "
                    + "office's zone, closeout.ledger.zone; remove the per-ledger zones " + zones.keySet());
        }
    }

    public OfficeZone officeZone() {
        return new OfficeZone(zone == null ? OfficeZone.CHINA : zone);
    }
}
