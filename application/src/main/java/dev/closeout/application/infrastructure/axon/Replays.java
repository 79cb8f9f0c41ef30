package dev.closeout.application.infrastructure.axon;

import org.axonframework.eventhandling.TrackingEventProcessor;

import java.util.List;
import java.util.concurrent.CompletableFuture;

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
        fromTheStart(List.of(processor));
    }

    /**
     * Replays each processor's read model from the first event. The processors are stopped together
     * (each takes up to its event-availability timeout, a second, to notice), then each is reset and
     * started again; every one runs afterwards whether or not its reset succeeded.
     *
     * @throws RuntimeException from the first reset that failed, after every processor was started again
     */
    public static void fromTheStart(List<TrackingEventProcessor> processors) {
        CompletableFuture.allOf(processors.stream().map(TrackingEventProcessor::shutdownAsync)
                .toArray(CompletableFuture[]::new)).join();
        RuntimeException first = null;
        for (TrackingEventProcessor processor : processors) {
            try {
                processor.resetTokens();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = new ReplayRefusedException(processor.getName(), e);
                }
            } finally {
                processor.start();
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The tokens of {@link #processor()} could not be reset: its read model is untouched and it runs on. */
    public static final class ReplayRefusedException extends RuntimeException {

        private final String processor;

        ReplayRefusedException(String processor, RuntimeException cause) {
            super("The read model " + processor + " could not be rebuilt: " + cause.getMessage(), cause);
            this.processor = processor;
        }

        public String processor() {
            return processor;
        }
    }
}
