package dev.closeout.application.search;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.time.Colour;
import dev.closeout.projections.support.Choices;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/search}: every reader (supervisors, departments, auditors) may search every task and
 * complaint, as each may open every one by its id; the complainant's name and phone are not in the
 * index, so no one finds a complaint by them.
 */
@RestController
public class SearchController {

    static final int MAX_LIMIT = 100;
    public static final int MAX_QUERY = 200;

    private final SearchService search;

    public SearchController(SearchService search) {
        this.search = search;
    }

    @GetMapping("/api/search")
    Map<String, List<SearchService.Result>> search(@RequestParam(required = false) String q,
                                                   @RequestParam(required = false) String ledger,
                                                   @RequestParam(required = false) String status,
                                                   @RequestParam(required = false) Set<Colour> colour,
                                                   @RequestParam(defaultValue = "20") int limit) {
        if (q == null || q.isBlank()) {
            throw new InvalidValueException("q", "must name at least one word to search for");
        }
        if (q.length() > MAX_QUERY) {
            throw new InvalidValueException("q", "must be at most " + MAX_QUERY + " characters");
        }
        if (ledger != null && (ledger.isBlank() || ledger.length() > Limits.NAME)) {
            throw new InvalidValueException("ledger", "must be a ledger's name");
        }
        if (status != null && !SearchService.isStatus(status)) {
            throw new InvalidValueException("status", "must be a task's or a complaint's status");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        // an empty choice ("colour=RED," or "colour="), which the request turns into null, is passed over
        return Map.of("results", search.search(q, ledger, status, Choices.of(colour), limit));
    }
}
