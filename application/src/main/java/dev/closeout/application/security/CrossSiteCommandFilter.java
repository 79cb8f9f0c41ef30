package dev.closeout.application.security;

import dev.closeout.application.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Set;

/**
 * Refuses API commands a browser may have been made to send. HTTP Basic credentials are replayed
 * by a browser on every request to this server, whichever site's page makes it, and a page may
 * send a form or a "simple" fetch to any address without asking first. So a command (any method
 * but GET, HEAD and OPTIONS) to {@code /api/**}:
 * <ul>
 *   <li>is refused (403) when its {@code Origin} is not one of {@link AllowedOrigins}, or, with no
 *       {@code Origin}, when the browser's {@code Sec-Fetch-Site} says it comes from another site;</li>
 *   <li>carries a body only as {@code application/json} (415 otherwise): no other site's page can send
 *       that type without a CORS preflight, which this server never grants. A command without a body
 *       may come without a {@code Content-Type}, as scripts send it, but never as a form or text.
 *       File uploads ({@link #UPLOADS}) take {@code multipart/form-data} instead, which a form can
 *       send: for them the origin checks above are the defence, and a forged upload only stores a
 *       file that no closure request names (a closure request is JSON). A sheet imported into a
 *       ledger ({@link #IMPORTS}) comes as {@code multipart/form-data} too, or bare as {@code text/csv}
 *       or an .xlsx workbook, types no other site's page can send without a preflight.</li>
 * </ul>
 * Scripts and tools send no {@code Origin} and pass. "This server" is the configured list, never the
 * {@code Host} the request names: behind a proxy that is not the address users see, with forwarded
 * headers trusted it is whatever the client says, and under DNS rebinding it is the attacker's name.
 * Pages signed in with a session carry Spring's CSRF token instead; this filter looks at the API only.
 */
final class CrossSiteCommandFilter extends OncePerRequestFilter {

    private static final Set<String> READING = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Set<String> SAME_ORIGIN_OR_TYPED = Set.of("same-origin", "none");

    private final RequestMatcher api = AccessRules.paths("/api/**");
    /** Paths that take files as {@code multipart/form-data}. */
    static final RequestMatcher UPLOADS = AccessRules.paths("/api/tasks/*/evidence", "/api/ledgers/*/import");
    /** Paths that take a spreadsheet as the body itself. */
    static final RequestMatcher IMPORTS = AccessRules.paths("/api/ledgers/*/import");
    private static final Set<MediaType> SHEETS = Set.of(new MediaType("text", "csv"),
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    private final AllowedOrigins allowedOrigins;
    private final ProblemResponses problems;

    CrossSiteCommandFilter(AllowedOrigins allowedOrigins, ProblemResponses problems) {
        this.allowedOrigins = allowedOrigins;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return READING.contains(request.getMethod()) || !api.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null ? !allowedOrigins.allows(origin) : fromAnotherSite(request.getHeader("Sec-Fetch-Site"))) {
            problems.write(response, HttpStatus.FORBIDDEN, "Commands sent by pages of another site are refused"
                    + (origin == null ? "." : ": " + origin + " is not among " + AllowedOrigins.PROPERTY + "."));
            return;
        }
        if (!json(request) && !(UPLOADS.matches(request) && multipart(request))
                && !(IMPORTS.matches(request) && sheet(request))) {
            problems.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Commands take an application/json body, not "
                    + (request.getContentType() == null ? "a body without Content-Type" : request.getContentType())
                    + "; a command without a body may come without Content-Type.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean fromAnotherSite(String fetchSite) {
        return fetchSite != null && !SAME_ORIGIN_OR_TYPED.contains(fetchSite);
    }

    private static boolean multipart(HttpServletRequest request) {
        return typeOf(request, Set.of(MediaType.MULTIPART_FORM_DATA));
    }

    private static boolean sheet(HttpServletRequest request) {
        return typeOf(request, SHEETS);
    }

    private static boolean typeOf(HttpServletRequest request, Set<MediaType> types) {
        try {
            if (request.getContentType() == null) {
                return false;
            }
            MediaType type = MediaType.parseMediaType(request.getContentType());
            return types.stream().anyMatch(type::equalsTypeAndSubtype);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static boolean json(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType == null) {
            return request.getContentLengthLong() <= 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null;
        }
        try {
            return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
