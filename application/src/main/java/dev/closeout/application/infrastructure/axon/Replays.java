package dev.closeout.application.infrastructure.axon;

import org.axonframework.eventhandling.TrackingEventProcessor;

/** Rebuilding a read model: its processor stopped, its tokens reset to the start (its reset handler clears it), started again. */
public final class Replays {

    private Replays() {
    }

    /**
     * Replays {@code processor}'s read model from the first event. The processor runs again
     * afterwards whether or not the reset succeeded.
     *
     * @throws RuntimeException when the tokens could not be reset, e.g. another instance holds a claim;
     *                          the read model is then untouched
     */
    public static void fromTheStart(TrackingEventProcessor processor) {
        processor.shutDown();
        try {
            processor.resetTokens();
        } finally {
            processor.start();
        }
    }
}
