package dev.closeout.domain.time;

import java.time.LocalDate;
import java.util.Optional;

/** One named reason an open item changes colour. Rules see only open items: the policy stops the rest. */
interface ColourRule {

    /** The colour this rule gives the item today, with its reason; empty when it has nothing to say. */
    Optional<Finding> assess(ItemTimeline item, LocalDate today);

    record Finding(Colour colour, ColourReason reason) {

        /** This finding when the rule's condition holds, else none. */
        static Optional<Finding> when(boolean holds, Colour colour, ColourReason reason) {
            return holds ? Optional.of(new Finding(colour, reason)) : Optional.empty();
        }
    }
}
