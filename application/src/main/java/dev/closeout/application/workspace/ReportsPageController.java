package dev.closeout.application.workspace;

import dev.closeout.application.report.ReportKind;
import dev.closeout.application.report.Reports;
import dev.closeout.application.security.CloseoutUser;
import dev.closeout.application.web.ProblemHandler;
import dev.closeout.projections.ledger.LedgerQueries;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * 报告 (周跟进 · 月调度 · 季总结): the stored reports of every ledger, or of one, by kind, latest period first,
 * each with its workbook and PDF; supervisors and auditors read it ({@code AccessRules}). Supervisors also
 * find the form that generates one now, sent through the service {@code POST /api/reports} uses: accepted,
 * the browser is sent to the report's ledger (post/redirect/get); refused, the page is shown again with the
 * API's problem detail beside the field it names, and the API's status.
 */
@Controller
class ReportsPageController {

    /** The generate form's item and slug, as {@link Refusal} places a refusal. */
    static final String NEW_REPORT = "new-report";
    static final String GENERATE = "generate";

    private final Reports reports;
    private final LedgerQueries ledgers;
    private final ProblemHandler problems;

    ReportsPageController(Reports reports, LedgerQueries ledgers, ProblemHandler problems) {
        this.reports = reports;
        this.ledgers = ledgers;
        this.problems = problems;
    }

    @GetMapping("/reports")
    String reports(@RequestParam(required = false) String ledger, @RequestParam(required = false) String generated,
                   Model model) {
        String chosen = ledger == null || ledger.isBlank() ? null : ledger;
        // Grouped as listed (ledger, then kind, latest period first): one section per ledger, one table per kind.
        Map<String, Map<ReportKind, List<Reports.Report>>> byLedger = reports.list(chosen, null).stream()
                .collect(Collectors.groupingBy(Reports.Report::ledger, LinkedHashMap::new,
                        Collectors.groupingBy(Reports.Report::kind, LinkedHashMap::new, Collectors.toList())));
        model.addAttribute("byLedger", byLedger);
        model.addAttribute("ledger", chosen);
        model.addAttribute("ledgers", ledgers.names());
        model.addAttribute("kinds", ReportKind.values());
        model.addAttribute("generated", generated);
        return "reports";
    }

    /** 生成: a report of a period that has ended, as {@code POST /api/reports} makes it. */
    @PostMapping("/reports")
    String generate(@RequestParam Map<String, String> fields, Model model, @AuthenticationPrincipal CloseoutUser user,
                    HttpServletResponse response) {
        Reports.Report report;
        try {
            report = reports.generate(user.actor(), fields.get("ledger"), fields.get("kind"), fields.get("period"));
        } catch (RuntimeException e) {
            Refusal refusal = Refusal.of(NEW_REPORT, GENERATE, problems.describe(e));
            response.setStatus(refusal.status());
            model.addAttribute("refusal", refusal);
            model.addAttribute("posted", fields);
            model.addAttribute(PageModel.PAGE_PATH, "/reports");
            return reports(null, null, model);
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/reports").queryParam("ledger", "{ledger}")
                .queryParam("generated", "{generated}").encode().buildAndExpand(report.ledger(), report.id())
                .toUriString();
    }
}
