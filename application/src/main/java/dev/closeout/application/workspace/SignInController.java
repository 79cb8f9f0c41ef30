package dev.closeout.application.workspace;

import dev.closeout.application.security.OidcProperties;
import dev.closeout.application.security.PageSecurity;
import dev.closeout.application.security.SecurityProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;

/**
 * The sign-in page (Spring Security checks the form it posts) and the page a signed-in user sees when
 * their role may not open a page. A failed sign-in says only that name or password was wrong. With an
 * identity provider configured, the page links to the sign-in through it too.
 */
@Controller
class SignInController {

    private final boolean provider;
    private final boolean demoUsers;

    SignInController(OidcProperties oidc, SecurityProperties security) {
        this.provider = oidc.pages();
        this.demoUsers = security.demoUsers();
    }

    @GetMapping("/signin")
    String signIn(@RequestParam(required = false) String error, @RequestParam(required = false) String signedout,
                  @RequestParam(required = false) String locked, @RequestParam(required = false) String mustchange,
                  @RequestParam(required = false) String refused, @RequestParam(required = false) String unavailable,
                  Model model) {
        model.addAttribute("failed", error != null);
        model.addAttribute("locked", locked != null);
        model.addAttribute("mustChange", mustchange != null);
        model.addAttribute("signedOut", signedout != null);
        model.addAttribute("refusedByProvider", refused != null);
        model.addAttribute("providerUnavailable", unavailable != null);
        model.addAttribute("provider", provider ? PageSecurity.PROVIDER_SIGN_IN : null);
        // said to everyone who may sign in, the operator included: not only in a log no one reads
        model.addAttribute("demoUsers", demoUsers);
        return "signin";
    }

    /**
     * A page refused: the user's role may not open it, or a form came without the token of a live session (the
     * session ended, the server restarted, the page was left open overnight), which is told as such, not as a
     * matter of the user's role.
     */
    @RequestMapping(PageSecurity.REFUSED_PAGE)
    String refused(HttpServletRequest request, HttpServletResponse response, Model model) {
        boolean expired = request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException;
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("status", HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("message", new PageErrors.Message(expired ? "expired" : "forbidden", List.of()));
        model.addAttribute("detail", null);
        return "error";
    }
}
