package dev.closeout.application.security;

import dev.closeout.application.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Ends a browser's session whose user was disabled, or whose password was changed or reset, since it signed in:
 * checked on every request a session authenticates, pages and API alike, by one read of the user by its exact key.
 * Without it a session went on acting for the department for as long as it was used within its idle timeout, that
 * is for ever. The request then goes on signed out: a page sends it to the sign-in page, the API answers 401. A
 * user's own password change ends its sessions too, the one that made it included: it signs in again with the new
 * one. Configured users change only with configuration (and a restart), and are left alone even where a stored
 * record has their name; a provider's user Closeout stores nothing of has nothing to check, and is stopped by
 * disabling it, which stores it. A store that cannot be read answers 503: a session is not let through unchecked.
 */
final class SessionUserCheck extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(SessionUserCheck.class);

    private final UserStore stored;
    private final Predicate<String> configured;
    private final ProblemResponses problems;

    SessionUserCheck(UserStore stored, Predicate<String> configured, ProblemResponses problems) {
        this.stored = stored;
        this.configured = configured;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null) {
            // runs before any sign-in of this request: a user here was read from the session
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication != null && authentication.getPrincipal() instanceof CloseoutUser user) {
                boolean current;
                try {
                    current = current(user);
                } catch (RuntimeException storeFailed) {
                    log.warn("The session of {} could not be checked against the stored users: {}", user.username(),
                            storeFailed.toString());
                    problems.write(response, HttpStatus.SERVICE_UNAVAILABLE,
                            "Your sign-in cannot be checked right now: try again shortly.");
                    return;
                }
                if (!current) {
                    end(session);
                }
            }
        }
        chain.doFilter(request, response);
    }

    private static void end(HttpSession session) {
        try {
            session.invalidate();
        } catch (IllegalStateException endedAlready) {
            // a page's other request (its style sheet, its script) ended it first
        }
        SecurityContextHolder.clearContext();
    }

    /** Whether the user a session holds may still act as it signed in. */
    private boolean current(CloseoutUser user) {
        if (configured.test(user.username())) {
            return true;
        }
        Optional<StoredUser> now = stored.find(user.username());
        if (now.isEmpty()) {
            return true;
        }
        StoredUser stored = now.get();
        if (stored.disabled()) {
            return false;
        }
        // a provider's user signs in with no password here, and its role and department are the provider's claims
        return user.passwordHash() == null || user.passwordHash().equals(stored.passwordHash())
                && user.role() == stored.role() && Objects.equals(user.department(), stored.department());
    }
}
