package dev.closeout.application.infrastructure.readmodel;

import dev.closeout.application.infrastructure.axon.Replays;
import dev.closeout.application.infrastructure.axon.StoredTokens;
import com.mongodb.client.model.Filters;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which read models are being rebuilt right now, by any instance: the token store is shared, so
 * this instance sees a rebuild another one runs. A processor's stored token is a
 * {@link ReplayToken} from its reset until it passes an event newer than the reset point, so a
 * rebuild counts as running only while the replay has not yet reached the position the store had
 * at the reset. A read that finds nothing meanwhile cannot tell "unknown" from "not replayed yet",
 * and says so rather than answer 404 (see {@code ProblemHandler}).
 */
@Component
public class ReadModelRebuilds {

    private final StoredTokens tokens;

    public ReadModelRebuilds(StoredTokens tokens) {
        this.tokens = tokens;
    }

    /** The processing groups with a segment still replaying, in name order; empty when none. */
    public List<String> inProgress() {
        TreeSet<String> replaying = new TreeSet<>();
        for (StoredTokens.Stored stored : tokens.find(Filters.eq("tokenType", ReplayToken.class.getName()))) {
            if (stillReplaying(stored.token())) {
                replaying.add(stored.processorName());
            }
        }
        return new ArrayList<>(replaying);
    }

    private static boolean stillReplaying(TrackingToken token) {
        if (!(token instanceof ReplayToken replay)) {
            return false;
        }
        TrackingToken current = replay.getCurrentToken();
        TrackingToken atReset = replay.getTokenAtReset();
        return atReset != null && (current == null || !current.covers(atReset));
    }
}
