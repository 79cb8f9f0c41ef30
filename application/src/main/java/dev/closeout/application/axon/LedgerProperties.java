package dev.closeout.application.axon;

import dev.closeout.projections.support.LedgerZones;
import dev.closeout.projections.support.LineBuckets;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.ZoneId;
import java.util.Map;

/**
 * The time zone ledgers count due dates in ({@code closeout.ledger.zone}, default
 * Asia/Shanghai), per-ledger exceptions ({@code closeout.ledger.zones[ledger name]}), and how
 * many lines a bucket document of the task and complaint ledgers holds
 * ({@code closeout.ledger.bucket-capacity}, default {@value LineBuckets#DEFAULT_CAPACITY}).
 */
@ConfigurationProperties("closeout.ledger")
public record LedgerProperties(ZoneId zone, Map<String, ZoneId> zones, Integer bucketCapacity) {

    public LedgerProperties {
        if (bucketCapacity != null && bucketCapacity < 1) {
            throw new IllegalArgumentException("closeout.ledger.bucket-capacity must be at least 1, not "
                    + bucketCapacity);
        }
    }

    public int linesPerBucket() {
        return bucketCapacity == null ? LineBuckets.DEFAULT_CAPACITY : bucketCapacity;
    }

    public LedgerZones ledgerZones() {
        return new LedgerZones(zone == null ? LedgerZones.CHINA : zone, zones == null ? Map.of() : zones);
    }
}
