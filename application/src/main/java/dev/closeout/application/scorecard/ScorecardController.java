package dev.closeout.application.scorecard;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.projections.support.OfficeZone;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The quarterly evaluation (季度考评): {@code GET /api/scorecards?quarter=2026Q3}, or any period with
 * {@code from} and {@code to}; without either, the current quarter so far. {@code ledger} (repeatable)
 * narrows the task figures to some ledgers.
 */
@RestController
@RequestMapping("/api/scorecards")
public class ScorecardController {

    private static final Pattern QUARTER = Pattern.compile("(\\d{4})Q([1-4])");
    private static final int MAX_DAYS = 3_660;

    private final ScorecardService scorecards;
    private final OfficeZone zone;
    private final Clock clock;

    public ScorecardController(ScorecardService scorecards, OfficeZone zone, Clock clock) {
        this.scorecards = scorecards;
        this.zone = zone;
        this.clock = clock;
    }

    @GetMapping
    Scorecard scorecard(@RequestParam(required = false) String quarter,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                        @RequestParam(required = false) Set<String> ledger) {
        if (quarter != null && (from != null || to != null)) {
            throw new InvalidValueException("quarter", "cannot be given together with from and to");
        }
        if (quarter == null && (from == null) != (to == null)) {
            throw new InvalidValueException(from == null ? "from" : "to", "is required with " + (from == null ? "to" : "from"));
        }
        if (quarter != null) {
            Matcher m = QUARTER.matcher(quarter);
            if (!m.matches()) {
                throw new InvalidValueException("quarter", "must look like 2026Q3");
            }
            from = firstDayOfQuarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        } else if (from == null) {
            LocalDate today = zone.today(clock);
            from = firstDayOfQuarter(today.getYear(), (today.getMonthValue() - 1) / 3 + 1);
        }
        if (to == null) {
            to = from.plusMonths(3).minusDays(1);
        }
        if (to.isBefore(from)) {
            throw new InvalidValueException("to", "must not be before from (" + from + ")");
        }
        if (to.toEpochDay() - from.toEpochDay() > MAX_DAYS) {
            throw new InvalidValueException("to", "must be within " + MAX_DAYS + " days of from");
        }
        return scorecards.evaluate(from, to, ledger);
    }

    private static LocalDate firstDayOfQuarter(int year, int quarter) {
        return LocalDate.of(year, (quarter - 1) * 3 + 1, 1);
    }
}
