package dev.closeout.application.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * The page a path outside {@code /api/**} answers an error with, where the container forwards the error to
 * {@link ProblemErrorController} (a page that failed while it was rendered): a page, as the pages answer their
 * other errors, rather than the API's problem+json.
 */
public interface PageErrorPages {

    /** Whether {@code path} (without the context path) is a page's rather than the API's. */
    static boolean isPage(String path) {
        return path != null && !under(path, "/api") && !under(path, "/actuator") && !under(path, "/v3");
    }

    /** {@code path} is {@code root} or below it: the API's, the operators' and the API description's paths. */
    private static boolean under(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/");
    }

    ModelAndView page(HttpStatus status, String path, HttpServletResponse response);
}
