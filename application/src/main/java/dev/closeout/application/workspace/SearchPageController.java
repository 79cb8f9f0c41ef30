package dev.closeout.application.workspace;

import dev.closeout.application.search.SearchController;
import dev.closeout.application.search.SearchService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.Set;

/**
 * 查找: the search box of every page leads here; the results of {@code GET /api/search} for the
 * words, best first, each linking to its item. The same readers as the API, the same index.
 */
@Controller
class SearchPageController {

    static final int SHOWN = 50;

    private final SearchService search;

    SearchPageController(SearchService search) {
        this.search = search;
    }

    @GetMapping("/search")
    String search(@RequestParam(required = false) String q, Model model) {
        model.addAttribute("q", q);
        if (q != null && q.length() > SearchController.MAX_QUERY) {
            model.addAttribute("error", "q must be at most " + SearchController.MAX_QUERY + " characters");
        } else if (q != null && !q.isBlank()) {
            model.addAttribute("results", search.search(q, null, null, Set.of(), SHOWN));
        }
        return "search";
    }
}
