package dev.closeout.application.infrastructure.axon;

import com.mongodb.client.model.Filters;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Whether a processing group's read model has taken in every event stored so far, on this
 * instance or, when another instance owns the group's segments, from the tokens that instance
 * stored (the read model is the same shared collection).
 */
@Component
public class ProcessorProgress {

    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final StoredTokens tokens;

    public ProcessorProgress(EventStore eventStore, EventProcessingConfiguration processing, StoredTokens tokens) {
        this.eventStore = eventStore;
        this.processing = processing;
        this.tokens = tokens;
    }

    /** Waits up to {@code patience} for the group to cover the head of the event store as it is now. */
    public boolean caughtUp(String processingGroup, Duration patience) {
        TrackingToken head = eventStore.createHeadToken();
        if (head == null) {
            return true;
        }
        long deadline = System.nanoTime() + patience.toNanos();
        while (!covers(processingGroup, head)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private boolean covers(String processingGroup, TrackingToken head) {
        Collection<EventTrackerStatus> segments = processing
                .eventProcessor(processingGroup, TrackingEventProcessor.class)
                .map(processor -> processor.processingStatus().values())
                .orElse(List.of());
        if (segments.isEmpty()) {
            return storedTokensCover(processingGroup, head);
        }
        return segments.stream().allMatch(s -> s.getTrackingToken() != null && s.getTrackingToken().covers(head));
    }

    /**
     * With several instances only one owns the segments, and the others' processors report no
     * status: there the tokens stored by the owner are read (not claimed, as fetchToken would).
     */
    private boolean storedTokensCover(String processingGroup, TrackingToken head) {
        List<StoredTokens.Stored> stored = tokens.find(Filters.eq("processorName", processingGroup));
        return !stored.isEmpty() && stored.stream().allMatch(s -> s.token() != null && s.token().covers(head));
    }
}
