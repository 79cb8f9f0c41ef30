package dev.closeout.application.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import io.swagger.v3.oas.annotations.Hidden;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The servlet container's error page, in place of Spring Boot's (HTML for browsers, and a 500 when
 * asked for directly). The container forwards here when an error escapes the application or a
 * component answers with {@code sendError}: the answer is problem+json with that status, naming
 * no exception; on a page's path (not {@code /api/**}), a page in the pages' words ({@link PageErrorPages}).
 * Asked for directly, {@code /error} is no resource of this API: the access rules
 * answer it as any path that names nothing, and it is left out of the OpenAPI description.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    private final ObjectProvider<PageErrorPages> pages;

    ProblemErrorController(ObjectProvider<PageErrorPages> pages) {
        this.pages = pages;
    }

    /** A page path's error is answered with a page ({@link PageErrorPages}), the API's with problem+json. */
    @RequestMapping("${server.error.path:/error}")
    Object error(HttpServletRequest request, HttpServletResponse response) throws NoResourceFoundException {
        ResponseEntity<ProblemDetail> problem = problem(request);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? null : uri.toString().substring(request.getContextPath().length());
        PageErrorPages page = pages.getIfAvailable();
        if (page != null && PageErrorPages.isPage(path)) {
            return page.page(HttpStatus.valueOf(problem.getStatusCode().value()), path, response);
        }
        return problem;
    }

    private ResponseEntity<ProblemDetail> problem(HttpServletRequest request) throws NoResourceFoundException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (request.getDispatcherType() != DispatcherType.ERROR || !(code instanceof Integer status)) {
            throw new NoResourceFoundException(HttpMethod.valueOf(request.getMethod()), "error");
        }
        HttpStatus known = HttpStatus.resolve(status);
        if (known == null || known.is5xxServerError() || !known.isError()) {
            if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
                log.error("Request to {} failed", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), failure);
            }
            HttpStatus answered = known != null && known.is5xxServerError() ? known : HttpStatus.INTERNAL_SERVER_ERROR;
            return ProblemHandler.problem(answered, "The request could not be carried out.", null);
        }
        return ProblemHandler.problem(known, "The request was refused: " + known.getReasonPhrase() + ".", null);
    }
}
