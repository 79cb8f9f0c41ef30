package dev.closeout.application.infrastructure.metrics;

import dev.closeout.domain.time.Colour;
import dev.closeout.projections.ledger.LedgerQueries;
import dev.closeout.projections.ledger.OpenTasks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Open and red tasks per ledger ({@code closeout_ledger_open_items}, {@code closeout_ledger_red_items}),
 * as the ledgers' figures count them today. Read from the ledgers' lines every
 * {@code closeout.metrics.ledger-refresh} (one minute) and served from that reading when scraped, so a
 * scrape costs nothing and the read models are read once a minute whoever scrapes.
 */
@Component
class LedgerGauges {

    private static final Logger log = LoggerFactory.getLogger(LedgerGauges.class);

    private final LedgerQueries ledgers;
    private final OpenTasks openTasks;
    private final MultiGauge open;
    private final MultiGauge red;

    LedgerGauges(LedgerQueries ledgers, OpenTasks openTasks, MeterRegistry registry) {
        this.ledgers = ledgers;
        this.openTasks = openTasks;
        this.open = MultiGauge.builder("closeout.ledger.open.items")
                .description("Open tasks of a ledger").register(registry);
        this.red = MultiGauge.builder("closeout.ledger.red.items")
                .description("Open tasks of a ledger that are red (overdue) today").register(registry);
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${closeout.metrics.ledger-refresh:PT1M}")
    void scheduledRefresh() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // An exception escaping a scheduled task cancels its schedule: the gauges would go stale for good.
            log.warn("Could not read the ledgers for their gauges; trying again at the next refresh", e);
        }
    }

    /** Reads every ledger's open tasks once and replaces the gauges' values; a ledger gone from the names goes. */
    void refresh() {
        Map<String, long[]> counts = new TreeMap<>();
        ledgers.names().forEach(ledger -> counts.put(ledger, new long[2]));
        for (OpenTasks.Entry task : openTasks.of(null, null)) {
            long[] tally = counts.computeIfAbsent(task.ledger(), l -> new long[2]);
            tally[0]++;
            if (task.colour() == Colour.RED) {
                tally[1]++;
            }
        }
        open.register(rows(counts, 0), true);
        red.register(rows(counts, 1), true);
    }

    private static List<MultiGauge.Row<?>> rows(Map<String, long[]> counts, int which) {
        return counts.entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("ledger", e.getKey()), e.getValue()[which]))
                .toList();
    }
}
