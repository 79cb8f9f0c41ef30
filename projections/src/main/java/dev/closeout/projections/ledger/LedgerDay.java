package dev.closeout.projections.ledger;

import dev.closeout.domain.time.Colour;

import java.time.LocalDate;
import java.util.Map;

/**
 * One day of a ledger's trend: its figures at the end of {@code day} (today's as they stand now), from
 * the day's close (日结) for a past day. {@code red} is {@code colours.RED}, the open items judged red; a rate
 * with nothing to divide by is {@code null}, as in {@link LedgerSummary}.
 */
public record LedgerDay(LocalDate day, long registered, long withdrawn, long closed, long open, long overdue,
                        long red, Double closureRate, Double onTimeRate, Map<Colour, Long> colours) {

    static LedgerDay of(LocalDate day, LedgerSummary s) {
        return new LedgerDay(day, s.registered(), s.withdrawn(), s.closed(), s.open(), s.overdue(),
                s.colours().getOrDefault(Colour.RED, 0L), s.closureRate(), s.onTimeRate(), s.colours());
    }
}
