package dev.closeout.application.workspace;

import dev.closeout.application.evidence.EvidenceProperties;
import dev.closeout.application.security.CloseoutUser;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the layout of every page needs: who is signed in, and the page's own path, which the language
 * switch links back to (a page rendered after a refused form sets the page's path, not the form's);
 * and what the closure-request form's file input says, wherever that form is shown.
 */
@ControllerAdvice(basePackageClasses = PageModel.class)
class PageModel {

    static final String PAGE_PATH = "pagePath";

    private final EvidenceInput evidenceInput;

    PageModel(EvidenceProperties limits, Timeline sizes) {
        this.evidenceInput = EvidenceInput.of(limits, sizes);
    }

    @ModelAttribute("evidenceInput")
    EvidenceInput evidenceInput() {
        return evidenceInput;
    }

    @ModelAttribute("me")
    CloseoutUser me(@AuthenticationPrincipal CloseoutUser user) {
        return user;
    }

    @ModelAttribute(PAGE_PATH)
    String pagePath(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
