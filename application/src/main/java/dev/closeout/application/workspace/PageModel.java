package dev.closeout.application.workspace;

import dev.closeout.application.web.LedgerPaths;
import dev.closeout.application.evidence.EvidenceProperties;
import dev.closeout.application.security.CloseoutUser;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the layout of every page needs: who is signed in, and the page's own path and query, which the language
 * switch links back to (a page rendered after a refused form sets the page's path, not the form's);
 * what the closure-request form's file input says, wherever that form is shown; and how times and sizes
 * are written.
 */
@ControllerAdvice(basePackageClasses = PageModel.class)
class PageModel {

    static final String PAGE_PATH = "pagePath";

    private final EvidenceInput evidenceInput;
    private final Timeline times;

    PageModel(EvidenceProperties limits, Timeline times) {
        this.evidenceInput = EvidenceInput.of(limits, times);
        this.times = times;
    }

    /** Times and file sizes as the pages show them. */
    @ModelAttribute("times")
    Timeline times() {
        return times;
    }

    @ModelAttribute(LedgerPaths.MODEL)
    LedgerPaths ledgerPaths() {
        return LedgerPaths.INSTANCE;
    }

    @ModelAttribute("evidenceInput")
    EvidenceInput evidenceInput() {
        return evidenceInput;
    }

    @ModelAttribute("me")
    CloseoutUser me(@AuthenticationPrincipal CloseoutUser user) {
        return user;
    }

    /** The page's path and query, but its {@code lang}, which the language switch sets anew. */
    @ModelAttribute(PAGE_PATH)
    String pagePath(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String query = request.getQueryString();
        if (query == null) {
            return path;
        }
        String kept = Arrays.stream(query.split("&"))
                .filter(part -> !part.isEmpty() && !part.equals("lang") && !part.startsWith("lang="))
                .collect(Collectors.joining("&"));
        return kept.isEmpty() ? path : path + "?" + kept;
    }
}
