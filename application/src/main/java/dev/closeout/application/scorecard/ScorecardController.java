package dev.closeout.application.scorecard;

import dev.closeout.projections.support.OfficeZone;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Set;

/**
 * The quarterly evaluation (季度考评): {@code GET /api/scorecards?quarter=2026Q3}, or any period with
 * {@code from} and {@code to}; without either, the current quarter so far. {@code ledger} (repeatable)
 * narrows the task figures to some ledgers.
 */
@RestController
@RequestMapping("/api/scorecards")
public class ScorecardController {

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
        ScorecardPeriod period = ScorecardPeriod.of(quarter, from, to, zone.today(clock));
        return scorecards.evaluate(period.from(), period.to(), ledger);
    }
}
