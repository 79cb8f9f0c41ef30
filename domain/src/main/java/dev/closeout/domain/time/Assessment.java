package dev.closeout.domain.time;

import java.util.List;

/**
 * An item's colour on a day and the reasons for it, in the order the rules ran. Blue with no
 * reasons is an item on track, or one no longer open.
 */
public record Assessment(Colour colour, List<ColourReason> reasons) {

    public Assessment {
        if (colour == null) {
            throw new IllegalArgumentException("colour must be given");
        }
        reasons = List.copyOf(reasons);
    }

    /** On track: nothing to report. */
    public static Assessment onTrack() {
        return new Assessment(Colour.BLUE, List.of());
    }
}
