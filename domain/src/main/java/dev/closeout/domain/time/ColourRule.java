package dev.closeout.domain.time;

import java.time.LocalDate;
import java.util.Optional;

/** One named reason an open item changes colour. Rules see only open items: the policy stops the rest. */
interface ColourRule {

    /** The colour this rule gives the item today, with its reason; empty when it has nothing to say. */
    Optional<Finding> assess(ItemTimeline item, LocalDate today);

    record Finding(Colour colour, ColourReason reason) {
    }
}
