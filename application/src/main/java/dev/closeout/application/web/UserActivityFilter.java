package dev.closeout.application.web;

import dev.closeout.application.infrastructure.mongo.UserActivity;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Tells {@link UserActivity} of every request from its start until its response is complete, a streamed one (a
 * spreadsheet, an export) included. The operator's probes and metrics ({@code /actuator}) are not people at work: a
 * load balancer asking every second must not keep the embedded store from ever shrinking its file.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class UserActivityFilter extends OncePerRequestFilter {

    private final UserActivity users;

    UserActivityFilter(UserActivity users) {
        this.users = users;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/actuator") || path.startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        users.started();
        boolean endsLater = false;
        try {
            chain.doFilter(request, response);
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new EndsWithResponse());
                endsLater = true;
            }
        } finally {
            if (!endsLater) {
                users.ended();
            }
        }
    }

    /** Ends an asynchronous request's activity once its response is complete: after an error or time-out too. */
    private final class EndsWithResponse implements AsyncListener {

        @Override
        public void onComplete(AsyncEvent event) {
            users.ended();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
        }

        /** Started again in a later dispatch, which drops the listeners: this one stays. */
        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
