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

import java.util.List;
import java.util.Optional;

/**
 * 台账: the list of ledgers with their headline figures, and one ledger's page — the figures the API's
 * ledger summary gives, its table filtered, sorted and paged, and the link to the API's CSV export with
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

    @GetMapping("/ledgers")
    String ledgers(Model model) {
        List<LedgerSummary> summaries = ledgers.names().stream().map(ledgers::summary)
                .flatMap(Optional::stream).toList();
        model.addAttribute("summaries", summaries);
        return "ledgers";
    }

    @GetMapping("/ledgers/{ledger}")
    String ledger(@PathVariable String ledger, @RequestParam(required = false) String department,
                  @RequestParam(required = false) TaskStatus status, @RequestParam(required = false) Colour colour,
                  @RequestParam(defaultValue = "DUE") LedgerPage.Sort sort, @RequestParam(defaultValue = "1") int page,
                  Model model) {
        LedgerSummary summary = ledgers.summary(ledger)
                .orElseThrow(() -> new NotFoundException("No ledger named " + ledger));
        String lead = department == null || department.isBlank() ? null : department;
        LedgerPage.Page shown = pages.read(ledger, lead, status, colour, sort, page);
        model.addAttribute("summary", summary);
        model.addAttribute("department", lead);
        model.addAttribute("status", status);
        model.addAttribute("colour", colour);
        model.addAttribute("sort", sort);
        model.addAttribute("page", shown);
        model.addAttribute("statuses", TaskStatus.values());
        model.addAttribute("colours", List.of(Colour.RED, Colour.YELLOW, Colour.BLUE));
        model.addAttribute("sorts", LedgerPage.Sort.values());
        model.addAttribute("links", new Links(ledger, lead, status, colour, sort));
        return "ledger";
    }

    /** The addresses a ledger's page links to, keeping its filters: its other pages, and the CSV export. */
    record Links(String ledger, String department, TaskStatus status, Colour colour, LedgerPage.Sort sort) {

        public String page(int number) {
            return filtered(UriComponentsBuilder.fromPath("/ledgers/{ledger}")).queryParam("sort", sort)
                    .queryParam("page", number).buildAndExpand(ledger).encode().toUriString();
        }

        /** The API's export, {@code /api/ledgers/{ledger}/entries.csv}, with the same filters. */
        public String export() {
            return filtered(UriComponentsBuilder.fromPath("/api/ledgers/{ledger}/entries.csv")).buildAndExpand(ledger)
                    .encode().toUriString();
        }

        private UriComponentsBuilder filtered(UriComponentsBuilder uri) {
            if (department != null) {
                uri.queryParam("department", department);
            }
            if (status != null) {
                uri.queryParam("status", status);
            }
            if (colour != null) {
                uri.queryParam("colour", colour);
            }
            return uri;
        }
    }
}
