package dev.closeout.domain.time;

import java.time.LocalDate;

/** Open items for the colour tests, written with ISO dates; {@code null} where nothing was reported. */
final class Timelines {

    private Timelines() {
    }

    static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    static ItemTimeline open(String registeredOn, String dueDate) {
        return open(registeredOn, dueDate, null, null);
    }

    static ItemTimeline open(String registeredOn, String dueDate, String lastProgressOn, Integer percentComplete) {
        return new ItemTimeline(d(registeredOn), d(dueDate), lastProgressOn == null ? null : d(lastProgressOn),
                percentComplete, true);
    }
}
