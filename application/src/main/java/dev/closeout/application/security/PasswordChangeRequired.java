package dev.closeout.application.security;

import dev.closeout.application.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * A user whose password a supervisor reset may use one path of the API, the one that changes it
 * ({@value #CHANGE}): every other is refused with 403 saying so, until the password is changed.
 */
final class PasswordChangeRequired extends OncePerRequestFilter {

    static final String CHANGE = "/api/me/password";
    private static final RequestMatcher CHANGING = AccessRules.paths(CHANGE);

    private final ProblemResponses problems;

    PasswordChangeRequired(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (signedIn != null && signedIn.getPrincipal() instanceof CloseoutUser user && user.mustChangePassword()
                && !CHANGING.matches(request)) {
            problems.write(response, HttpStatus.FORBIDDEN, "Your password was reset by a supervisor: change it "
                    + "first with POST " + CHANGE + " {\"current\": ..., \"new\": ...}.");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * The pages have no change-password form: a user who must change its password is signed out and
     * sent to the sign-in page, which says to change it first (through the API).
     */
    static final class Pages extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
            if (signedIn != null && signedIn.getPrincipal() instanceof CloseoutUser user && user.mustChangePassword()) {
                new SecurityContextLogoutHandler().logout(request, response, signedIn);
                response.sendRedirect(request.getContextPath() + "/signin?mustchange");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
