package dev.closeout.application.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Lets the API recognise a browser already signed in to the pages: the API reads the security
 * context of an existing page session, and never writes one. A request without a session, or with
 * HTTP Basic credentials, stays stateless: no session is created for it, and a Basic sign-in is
 * never stored into the session a browser happens to send along.
 */
final class SessionReadingContextRepository implements SecurityContextRepository {

    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    SessionReadingContextRepository() {
        sessions.setAllowSessionCreation(false);
    }

    @Override
    @Deprecated
    public SecurityContext loadContext(HttpRequestResponseHolder requestResponseHolder) {
        return sessions.loadDeferredContext(requestResponseHolder.getRequest()).get();
    }

    /** Reads an existing session only ({@code getSession(false)}): loading creates none. */
    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        return sessions.loadDeferredContext(request);
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        // The API writes no session: see the class comment.
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return sessions.containsContext(request);
    }
}
