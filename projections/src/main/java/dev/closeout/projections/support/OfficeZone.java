package dev.closeout.projections.support;

import dev.closeout.domain.time.DueDates;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The office's time zone, in which every item's days are dated: when it was registered, reported
 * on or closed, and what day it is today. One zone for the whole office, the same the aggregates'
 * deadline checks are dated in, so a colour and a recorded deadline fact never disagree about the
 * day. Default Asia/Shanghai ({@code closeout.ledger.zone}).
 */
public record OfficeZone(ZoneId zone) {

    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    public static OfficeZone china() {
        return new OfficeZone(CHINA);
    }

    public LocalDate dayOf(Instant instant) {
        return DueDates.dayOf(instant, zone);
    }

    public LocalDate today(Clock clock) {
        return DueDates.today(clock, zone);
    }
}
