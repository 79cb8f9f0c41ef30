package dev.closeout.application.infrastructure.audit;

import dev.closeout.application.infrastructure.eventstore.ChainHash;
import dev.closeout.application.infrastructure.eventstore.EventChain;
import org.bson.Document;

/** How verification judges one stored event: on its own, and against its predecessor as found. */
final class EventCheck {

    private EventCheck() {
    }

    /**
     * Judges one event, given its predecessor as found (null: not stored, for a sequence number above 0),
     * and answers whether the event itself is intact. An event is named when it is faulty on its own
     * ({@link #fault}); its predecessor is named when it is missing, or intact yet not the event this one was
     * chained to (replaced or moved); a predecessor that is not intact is named on its own account, where it
     * was found ({@link #predecessor}).
     */
    static boolean check(Document event, RecentHeads.Seen predecessor, Findings findings) {
        String aggregate = EventChain.aggregateOf(event);
        long sequence = EventChain.sequenceOf(event);
        String fault = fault(event);
        if (fault != null) {
            findings.add(Broken.event(aggregate, sequence, fault));
            return false;
        }
        String chainedTo = event.getString(EventChain.PREVIOUS_HASH);
        if (sequence <= 0) {
            if (!ChainHash.GENESIS.equals(chainedTo)) {
                findings.add(Broken.event(aggregate, sequence, "it was chained to an event before it, yet is numbered first"));
            }
        } else if (predecessor == null) {
            findings.add(Broken.event(aggregate, sequence - 1, "missing: the chain goes on with event " + sequence));
        } else if (predecessor.intact() && !chainedTo.equals(predecessor.hash())) {
            findings.add(Broken.event(aggregate, sequence - 1,
                    "it is not the event that event " + sequence + " was chained to: replaced or moved"));
        }
        return true;
    }

    /**
     * A predecessor read by its aggregate key (null if none is stored), as {@link #check} takes it; if it is
     * faulty on its own it is named here, wherever it is stored: it may lie where no walk of the global
     * indexes meets it.
     */
    static RecentHeads.Seen predecessor(Document event, Findings findings) {
        if (event == null) {
            return null;
        }
        String fault = fault(event);
        if (fault != null) {
            findings.add(Broken.event(EventChain.aggregateOf(event), EventChain.sequenceOf(event), fault));
        }
        return new RecentHeads.Seen(EventChain.sequenceOf(event), event.getString(EventChain.HASH), fault == null);
    }

    /** Why the event is broken on its own, whatever its neighbours: its key, a missing hash, or its content; else null. */
    static String fault(Document event) {
        if (!EventChain.keyMatches(event)) {
            return "its aggregate key does not name its sequence number";
        }
        if (event.getString(EventChain.HASH) == null) {
            return "stored without a hash";
        }
        if (!EventChain.intact(event)) {
            return "its content does not match its hash";
        }
        return null;
    }
}
