package dev.closeout.application.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Ends a browser's session whose user was disabled, or whose password was changed or reset, since it signed in:
 * checked on every request a session authenticates, pages and API alike, by one read of the user by its exact key.
 * Without it a session went on acting for the department for as long as it was used within its idle timeout, that
 * is for ever. The request then goes on signed out: a page sends it to the sign-in page, the API answers 401.
 * Configured users change only with configuration (and a restart); a provider's user Closeout stores nothing of has
 * nothing to check, and is stopped by disabling it, which stores it.
 */
final class SessionUserCheck extends OncePerRequestFilter {

    private final UserStore stored;

    SessionUserCheck(UserStore stored) {
        this.stored = stored;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null) {
            // runs before any sign-in of this request: a user here was read from the session
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication != null && authentication.getPrincipal() instanceof CloseoutUser user
                    && !current(user)) {
                session.invalidate();
                SecurityContextHolder.clearContext();
            }
        }
        chain.doFilter(request, response);
    }

    /** Whether the user a session holds may still act as it signed in. */
    private boolean current(CloseoutUser user) {
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
