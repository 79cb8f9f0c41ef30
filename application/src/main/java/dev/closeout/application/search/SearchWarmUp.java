package dev.closeout.application.search;

import dev.closeout.projections.search.SearchIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Loads the search index once the application is up, on a thread of its own, so that the first user
 * to search does not wait for it (seconds at county scale on the embedded store).
 */
@Component
class SearchWarmUp {

    private static final Logger log = LoggerFactory.getLogger(SearchWarmUp.class);

    private final SearchIndex index;

    SearchWarmUp(SearchIndex index) {
        this.index = index;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        Thread thread = new Thread(() -> {
            try {
                log.info("Search index loaded: {} items", index.size());
            } catch (RuntimeException e) {
                log.warn("Search index not loaded at start-up; the first search loads it", e);
            }
        }, "search-warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
