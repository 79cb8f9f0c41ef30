package dev.closeout.application.infrastructure.axon;

import dev.closeout.domain.common.TimeOrderedIds;
import org.axonframework.common.IdentifierFactory;

/**
 * Axon's identifiers of events and other messages as time-ordered UUIDs ({@link TimeOrderedIds}), so
 * that the unique index on the events' {@code eventIdentifier} takes each new event at its end rather
 * than at a random place: a commit then rewrites one page of it, not one per event. Found by Axon through
 * {@code META-INF/services}.
 */
public final class TimeOrderedIdentifierFactory extends IdentifierFactory {

    @Override
    public String generateIdentifier() {
        return TimeOrderedIds.next();
    }
}
