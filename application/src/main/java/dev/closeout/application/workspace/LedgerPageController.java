package dev.closeout.application.workspace;

import dev.closeout.application.web.NotFoundException;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Colour;
import dev.closeout.projections.ledger.LedgerQueries;
import dev.closeout.projections.ledger.LedgerSummary;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.LinkedHashMap;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * 台账: the list of ledgers with their headline figures, and one ledger's page — the figures the API's
 * ledger summary gives, overall and by lead department, responsible leader (包抓领导) and category (类别), its
 * table filtered, sorted and paged, and the link to the API's CSV export with
 * the same filters (the API reads the page's session). Every role that reads ledgers through the API
 * reads them here.
 */
@Controller
class LedgerPageController {

    private final LedgerQueries ledgers;
    private final LedgerPage pages;

    LedgerPageController(LedgerQueries ledgers, LedgerPage pages) {
        this.ledgers = ledgers;
        this.pages = pages;
    }

    /**
     * Every ledger's headline figures: today's, or with {@code asOf} as each stood at the end of that day in
     * the ledger's zone (日结: read from the daily close, as {@code GET /api/ledgers/{ledger}?asOf=} answers),
     * leaving out the ledgers that had no task yet. A day after today is a 400 page naming {@code asOf}.
     */
    @GetMapping("/ledgers")
    String ledgers(@RequestParam(required = false) LocalDate asOf, Model model) {
        List<LedgerSummary> summaries = ledgers.names().stream()
                .map(name -> asOf == null ? ledgers.summary(name) : ledgers.summary(name, asOf))
                .flatMap(Optional::stream).filter(summary -> summary.registered() > 0).toList();
        model.addAttribute("summaries", summaries);
        model.addAttribute("asOf", asOf);
        return "ledgers";
    }

    @GetMapping("/ledgers/{ledger}")
    String ledger(@PathVariable String ledger, @RequestParam(required = false) String department,
                  @RequestParam(required = false) String leader, @RequestParam(required = false) String category,
                  @RequestParam(required = false) TaskStatus status, @RequestParam(required = false) Colour colour,
                  @RequestParam(defaultValue = "DUE") LedgerPage.Sort sort, @RequestParam(defaultValue = "1") int page,
                  Model model) {
        LedgerSummary summary = ledgers.summary(ledger)
                .orElseThrow(() -> new NotFoundException("No ledger named " + ledger));
        String lead = orAny(department);
        String leaderShown = orAny(leader);
        String categoryShown = orAny(category);
        LedgerPage.Page shown = pages.read(ledger, lead, leaderShown, categoryShown, status, colour, sort, page);
        model.addAttribute("summary", summary);
        model.addAttribute("department", lead);
        model.addAttribute("leader", leaderShown);
        model.addAttribute("category", categoryShown);
        model.addAttribute("status", status);
        model.addAttribute("colour", colour);
        model.addAttribute("sort", sort);
        model.addAttribute("page", shown);
        model.addAttribute("statuses", TaskStatus.values());
        model.addAttribute("colours", List.of(Colour.RED, Colour.YELLOW, Colour.BLUE));
        model.addAttribute("sorts", LedgerPage.Sort.values());
        model.addAttribute("links", new Links(ledger, lead, leaderShown, categoryShown, status, colour, sort));
        return "ledger";
    }

    /** A filter the form left at "all" (an empty choice) filters nothing. */
    private static String orAny(String chosen) {
        return chosen == null || chosen.isBlank() ? null : chosen;
    }

    /**
     * The addresses a ledger's page links to, keeping its filters: its other pages, and the CSV export; and
     * the table of one group of the figures. Names are data: each is passed as a URI variable, so that any
     * character a name holds ({@code &}, {@code +}, {@code #}) is encoded and read back as it was.
     */
    record Links(String ledger, String department, String leader, String category, TaskStatus status, Colour colour,
                 LedgerPage.Sort sort) {

        /**
         * The page's table of one group alone: {@code filter} ({@code department}, {@code leader},
         * {@code category}) is {@code name}.
         */
        public String group(String filter, String name) {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put(filter, name);
            return address("/ledgers/{ledger}", query);
        }

        public String page(int number) {
            Map<String, Object> query = filters();
            query.put("sort", sort);
            query.put("page", number);
            return address("/ledgers/{ledger}", query);
        }

        /** The API's export, {@code /api/ledgers/{ledger}/entries.csv}, with the same filters. */
        public String export() {
            return address("/api/ledgers/{ledger}/entries.csv", filters());
        }

        private Map<String, Object> filters() {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("department", department);
            query.put("leader", leader);
            query.put("category", category);
            query.put("status", status);
            query.put("colour", colour);
            return query;
        }

        /** The ledger's {@code path} with the query's parameters that have a value, in order. */
        private String address(String path, Map<String, Object> query) {
            UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("ledger", ledger);
            query.forEach((name, value) -> {
                if (value != null) {
                    uri.queryParam(name, "{" + name + "}");
                    values.put(name, value);
                }
            });
            return uri.encode().buildAndExpand(values).toUriString();
        }
    }
}
