package dev.closeout.application.infrastructure.readmodel;

import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A read model the application derives from the events ({@link RebuiltReadModels}) whose processor holds no token
 * while the event store holds events: after a restore (a backup leaves those tokens out, decision 0014), after
 * {@code closeout-read-models.mv.db} was deleted, after the upgrade that moved the read models out of the events'
 * store. Its processor builds it from the first event, and until it has taken in the events stored when it started,
 * the read model holds part of them: a task not replayed yet would answer 404, a report or a daily close (日结, never
 * rewritten) would count part of a ledger. So it starts as a rebuild does, from a {@link ReplayToken} whose reset
 * point is the head of the event store, and {@link ReadModelRebuilds} counts it as being rebuilt until it passes
 * that point.
 */
public final class TokenlessReadModels {

    private static final Logger log = LoggerFactory.getLogger(TokenlessReadModels.class);
    /** The processors run single-threaded, on one segment (AxonConfiguration). */
    private static final int SEGMENTS = 1;

    private TokenlessReadModels() {
    }

    /**
     * The first token of such a processor: a replay from the first event up to the present head; on an event store
     * with nothing in it, where there is nothing to replay, the tail's token.
     */
    public static TrackingToken firstToken(StreamableMessageSource<?> events) {
        return ReplayToken.createReplayToken(events.createHeadToken(), events.createTailToken());
    }

    /**
     * Stores {@link #firstToken} for each of {@code groups} that has no token yet. Called before the processors
     * start, so that nothing read at start-up (the daily close runs then) finds such a read model neither replaying
     * nor caught up; a processor would store the same token itself, but on a thread of its own, a moment later. A
     * group another instance initialised meanwhile is left as that instance stored it.
     *
     * @return the groups given the token
     */
    public static List<String> initialise(TokenStore tokens, StreamableMessageSource<?> events, Collection<String> groups) {
        List<String> initialised = new ArrayList<>();
        TrackingToken first = null;
        for (String group : groups) {
            if (tokens.fetchSegments(group).length > 0) {
                continue;
            }
            if (first == null) {
                first = firstToken(events);
                if (!ReplayToken.isReplay(first)) {
                    return initialised;
                }
            }
            try {
                tokens.initializeTokenSegments(group, SEGMENTS, first);
                initialised.add(group);
            } catch (UnableToClaimTokenException anotherInstanceWasFirst) {
                log.debug("Read model {} was given its first token by another instance", group);
            }
        }
        if (!initialised.isEmpty()) {
            log.info("Read models {} have no token (a restored store, or their store was deleted): they are built "
                    + "from the events as a rebuild is, and reads of them answer 503 until they catch up", initialised);
        }
        return initialised;
    }
}
