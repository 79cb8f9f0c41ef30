package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.IndexKey;

import java.util.List;

/**
 * A secondary (non-unique) index, which the embedded server does not keep: it holds nothing, and a query on
 * its keys scans the collection, as with the backend's own {@link EmptyIndex}. The backend builds an index that
 * says it is empty by offering it every document of its collection, twice; this one has nothing to build, so it
 * does not say so, and opening the store does not walk the events for their time-stamp index (3.3 s of a
 * restart at a county's 123,000 events, and growing with them).
 */
final class UnkeptIndex extends EmptyIndex<Object> {

    UnkeptIndex(String name, List<IndexKey> keys) {
        super(name, keys);
    }

    /** Asked only when the index is added to a collection: whether it must be built from the documents. */
    @Override
    public boolean isEmpty() {
        return false;
    }
}
