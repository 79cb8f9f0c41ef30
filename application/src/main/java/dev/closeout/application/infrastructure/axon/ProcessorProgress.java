package dev.closeout.application.infrastructure.axon;

import com.mongodb.client.model.Filters;
import dev.closeout.application.infrastructure.eventstore.MongoEventStorageEngine;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Whether a processing group's read model has taken in every event stored so far, on this
 * instance or, when another instance owns the group's segments, from the tokens that instance
 * stored (the read model is the same shared collection).
 * <p>
 * A processor's token keeps as gaps the indexes it passed that held no event: most are appends
 * that failed (a concurrency conflict, an idempotent retry) and will never hold one, and the token
 * forgets them only much later. So a token that has reached the head but still lists gaps counts
 * as caught up when none of those gaps holds a stored event, asked by exact key.
 */
@Component
public class ProcessorProgress {

    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final StoredTokens tokens;
    private final EventStorageEngine storage;

    public ProcessorProgress(EventStore eventStore, EventProcessingConfiguration processing, StoredTokens tokens,
                             EventStorageEngine storage) {
        this.eventStore = eventStore;
        this.processing = processing;
        this.tokens = tokens;
        this.storage = storage;
    }

    /** Waits up to {@code patience} for the group to cover the head of the event store as it is now. */
    public boolean caughtUp(String processingGroup, Duration patience) {
        return caughtUp(processingGroup, head(), patience);
    }

    /** The head of the event store now; {@code null} while it holds no event. */
    public TrackingToken head() {
        return eventStore.createHeadToken();
    }

    /**
     * Waits up to {@code patience} for the group to cover {@code head}, an earlier {@link #head()}: a
     * caller that keeps the head it first waited for is not outrun by events stored since.
     */
    public boolean caughtUp(String processingGroup, TrackingToken head, Duration patience) {
        if (head == null) {
            return true;
        }
        long deadline = System.nanoTime() + patience.toNanos();
        while (!coversHead(processingGroup, head)) {
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

    /**
     * The lowest global index the group's segments stand at, on this instance or as their owner stored
     * them; empty before the group has a token.
     */
    public OptionalLong position(String processingGroup) {
        Collection<EventTrackerStatus> segments = segments(processingGroup);
        List<TrackingToken> at = segments.isEmpty()
                ? tokens.find(Filters.eq("processorName", processingGroup)).stream().map(StoredTokens.Stored::token).toList()
                : segments.stream().map(EventTrackerStatus::getTrackingToken).toList();
        if (at.isEmpty() || at.contains(null)) {
            return OptionalLong.empty();
        }
        return at.stream().map(TrackingToken::position).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).min();
    }

    /** Whether the group now covers {@code head}, without waiting. */
    public boolean covers(String processingGroup, TrackingToken head) {
        return head == null || coversHead(processingGroup, head);
    }

    private Collection<EventTrackerStatus> segments(String processingGroup) {
        return processing.eventProcessor(processingGroup, TrackingEventProcessor.class)
                .map(processor -> processor.processingStatus().values())
                .orElse(List.of());
    }

    private boolean coversHead(String processingGroup, TrackingToken head) {
        Collection<EventTrackerStatus> segments = segments(processingGroup);
        if (segments.isEmpty()) {
            return storedTokensCover(processingGroup, head);
        }
        return segments.stream().allMatch(s -> covers(s.getTrackingToken(), head));
    }

    private boolean covers(TrackingToken token, TrackingToken head) {
        if (token == null) {
            return false;
        }
        if (token.covers(head)) {
            return true;
        }
        GapAwareTrackingToken at = WrappedToken.unwrap(token, GapAwareTrackingToken.class).orElse(null);
        if (!(head instanceof GapAwareTrackingToken headToken) || at == null || at.getIndex() < headToken.getIndex()
                || !(storage instanceof MongoEventStorageEngine events)) {
            return false;
        }
        SortedSet<Long> passedOver = new TreeSet<>(at.getGaps().headSet(headToken.getIndex() + 1));
        passedOver.removeAll(headToken.getGaps());
        return !events.anyStoredAt(passedOver);
    }

    /**
     * With several instances only one owns the segments, and the others' processors report no
     * status: there the tokens stored by the owner are read (not claimed, as fetchToken would).
     */
    private boolean storedTokensCover(String processingGroup, TrackingToken head) {
        List<StoredTokens.Stored> stored = tokens.find(Filters.eq("processorName", processingGroup));
        return !stored.isEmpty() && stored.stream().allMatch(s -> covers(s.token(), head));
    }
}
