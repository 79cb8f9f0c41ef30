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

    boolean matches(HttpServletRequest request) {
        PathPattern pattern = PathPatternParser.defaultInstance.parse(path);
        return method.equals(request.getMethod())
                && pattern.matches(PathContainer.parsePath(request.getRequestURI()));
    }
}
