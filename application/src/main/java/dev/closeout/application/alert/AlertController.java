package dev.closeout.application.alert;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.projections.alert.Alert;
import dev.closeout.projections.alert.AlertFeed;
import dev.closeout.projections.alert.AlertFilter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Set;

/**
 * The alert feed for consumers: alerts oldest first, and a {@code next} cursor to pass as
 * {@code after} on the following call. Resuming from the last cursor misses nothing and repeats
 * nothing. Filters narrow the page; the cursor still moves past what they skipped.
 */
@RestController
@RequestMapping("/api/alerts")
public class AlertController {

    private static final int MAX_LIMIT = 500;

    private final AlertFeed feed;

    public AlertController(AlertFeed feed) {
        this.feed = feed;
    }

    @GetMapping
    AlertFeed.Page alerts(@RequestParam(defaultValue = "0") long after,
                          @RequestParam(defaultValue = "100") int limit,
                          @RequestParam(required = false) Set<Alert.AlertType> type,
                          @RequestParam(required = false) Set<String> department,
                          @RequestParam(required = false) Set<String> ledger) {
        if (after < 0) {
            throw new InvalidValueException("after", "must not be negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return feed.after(after, limit, new AlertFilter(type, department, ledger));
    }
}
