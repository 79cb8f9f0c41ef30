package dev.closeout.application.referral;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.referral.ReferralLevel;
import dev.closeout.projections.referral.ReferralLedger;
import dev.closeout.projections.support.OfficeZone;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;

/**
 * The referral ledger (转办/交办台账): per referring level (省, 市), how many items it referred, how many
 * were reported back (反馈) on time or late, how many are overdue and not reported back, and how many
 * of the items are closed; with one level, also its items, a page at a time.
 */
@RestController
@RequestMapping("/api/referrals")
public class ReferralController {

    static final int MAX_LIMIT = 500;

    private final ReferralLedger ledger;
    private final OfficeZone zone;
    private final Clock clock;

    public ReferralController(ReferralLedger ledger, OfficeZone zone, Clock clock) {
        this.ledger = ledger;
        this.zone = zone;
        this.clock = clock;
    }

    /** Each level's figures as of today; with {@code level}, that level's figures and a page of its items. */
    @GetMapping
    Object ledger(@RequestParam(required = false) String level, @RequestParam(defaultValue = "0") int offset,
                  @RequestParam(defaultValue = "100") int limit) {
        LocalDate today = zone.today(clock);
        if (level == null) {
            return Map.of("asOf", today, "levels", ledger.figures(today));
        }
        if (offset < 0) {
            throw new InvalidValueException("offset", "must not be negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return ledger.page(level(level), today, offset, limit);
    }

    private static ReferralLevel level(String given) {
        return Arrays.stream(ReferralLevel.values()).filter(l -> l.name().equals(given)).findFirst()
                .orElseThrow(() -> new InvalidValueException("level", "must be one of "
                        + Arrays.toString(ReferralLevel.values()) + "; got " + given));
    }
}
