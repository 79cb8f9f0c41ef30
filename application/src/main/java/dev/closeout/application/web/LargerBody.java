package dev.closeout.application.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.server.PathContainer;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A request that may carry a larger body than {@code closeout.api.max-body-size}, such as a file
 * upload, and the limit that holds for it instead ({@link RequestBodyLimit}). A feature declares one
 * as a bean for each such path; every other request keeps the general limit.
 *
 * @param method   the HTTP method, e.g. {@code POST}
 * @param path     a path pattern as Spring MVC routes it, e.g. {@code /api/tasks/{id}/evidence}
 * @param limit    the most the body may hold
 * @param property the configuration that sets the limit, named in a refusal
 */
public record LargerBody(String method, String path, DataSize limit, String property) {

    /** The most a body may be limited to: a chunked body is read into memory up to one byte past its limit. */
    static final long MAX_LIMIT = Integer.MAX_VALUE - 1L;

    /** Checked when the application starts: a limit of 0 or less would refuse every body, one of 2 GB or more could not be read. */
    public LargerBody {
        if (limit == null || limit.toBytes() < 1 || limit.toBytes() > MAX_LIMIT) {
            throw new IllegalArgumentException(property + " must be between 1 byte and " + MAX_LIMIT / (1024 * 1024)
                    + " MB, was " + limit);
        }
    }

    boolean matches(HttpServletRequest request) {
        PathPattern pattern = PathPatternParser.defaultInstance.parse(path);
        return method.equals(request.getMethod())
                && pattern.matches(PathContainer.parsePath(request.getRequestURI()));
    }
}
