package dev.closeout.application.workspace;

import dev.closeout.application.security.CloseoutUser;
import dev.closeout.application.web.NotFoundException;
import dev.closeout.application.web.PageErrorPages;
import dev.closeout.application.web.ProblemHandler;
import dev.closeout.domain.common.InvalidValueException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import java.util.List;

/**
 * What a page answers when it cannot be shown: a page, never the API's problem+json, with the status the
 * API would answer (400 a query parameter that cannot be read or a value refused, 404 an item, ledger or
 * path that does not exist, 500 a fault of ours) and a readable message naming the parameter. Signed-in pages
 * answer in their layout ({@code templates/error.html}, Chinese or English as the reader chose); the 公示
 * public board in its own bilingual page ({@code templates/public/error.html}), since it has no layout.
 * Every path but {@code /api/**} is a page's; the API's failures are left to
 * {@link dev.closeout.application.web.ProblemHandler}, whose resolver runs after this one. A page that fails
 * while rendered reaches the container's error path, which asks this class for its page too.
 */
@Component
class PageErrors implements HandlerExceptionResolver, Ordered, PageErrorPages {

    private static final Logger log = LoggerFactory.getLogger(PageErrors.class);

    /** A message of the page's bundle, {@code error.<key>.heading} and {@code .text}, and what fills it. */
    record Message(String key, List<Object> args) {
    }

    /** After Spring Boot's error attributes (which only record the failure), before the API's problem handler. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception e) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!PageErrorPages.isPage(path)) {
            return null;
        }
        if (e instanceof MethodArgumentTypeMismatchException mismatch) {
            String sent = ProblemHandler.sent(mismatch.getValue());
            return page(HttpStatus.BAD_REQUEST, new Message("unreadable", List.of(mismatch.getName(), sent)),
                    mismatch.getName() + " has a value that cannot be read: " + sent, path, response);
        }
        if (e instanceof MissingServletRequestParameterException missing) {
            return page(HttpStatus.BAD_REQUEST, new Message("missing", List.of(missing.getParameterName())),
                    missing.getParameterName() + " is required", path, response);
        }
        if (e instanceof InvalidValueException invalid) {
            return page(HttpStatus.BAD_REQUEST, new Message("invalid", List.of(invalid.field())), invalid.getMessage(),
                    path, response);
        }
        if (e instanceof NotFoundException missing) {
            return page(HttpStatus.NOT_FOUND, new Message("notFound", List.of()), missing.getMessage(), path, response);
        }
        if (e instanceof MultipartException) {
            // A body the container cannot read as the form's (malformed, too many parts) is the sender's fault.
            return page(HttpStatus.BAD_REQUEST, new Message("body", List.of()), null, path, response);
        }
        if (e instanceof ErrorResponse refusal && refusal.getStatusCode().is4xxClientError()) {
            // Spring's own refusals of a request (no such path, a method the page does not take) keep their status.
            HttpStatus status = HttpStatus.valueOf(refusal.getStatusCode().value());
            return page(status, new Message(status == HttpStatus.NOT_FOUND ? "notFound" : "refused", List.of()),
                    refusal.getBody().getDetail(), path, response);
        }
        if (e instanceof ErrorResponse busy && busy.getStatusCode().value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            // Not a fault: the complainant's data is shown only once its read is recorded, and reads cannot be now.
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            return page(HttpStatus.SERVICE_UNAVAILABLE, new Message("unavailable", List.of()),
                    busy.getBody().getDetail(), path, response);
        }
        // A fault of ours, not of the request: logged in full, shown without internals.
        log.error("Page {} failed", path, e);
        return page(HttpStatus.INTERNAL_SERVER_ERROR, new Message("failed", List.of()), null, path, response);
    }

    /** A page that failed while rendered, or another error the container forwarded: its status, no detail. */
    @Override
    public ModelAndView page(HttpStatus status, String path, HttpServletResponse response) {
        Message message = new Message(status == HttpStatus.NOT_FOUND ? "notFound"
                : status.is5xxServerError() ? "failed" : "refused", List.of());
        return page(status, message, null, path, response);
    }

    private static ModelAndView page(HttpStatus status, Message message, String detail, String path,
                                     HttpServletResponse response) {
        boolean publicBoard = path.equals("/public") || path.startsWith("/public/");
        ModelAndView page = new ModelAndView(publicBoard ? "public/error" : "error");
        page.setStatus(status);
        // A page that failed must not be kept by a browser or proxy in place of the one that will work.
        response.setHeader("Cache-Control", "no-store");
        page.addObject("status", status.value());
        page.addObject("message", message);
        page.addObject("detail", detail);
        page.addObject(PageModel.PAGE_PATH, path);
        page.addObject("me", signedIn());
        return page;
    }

    private static CloseoutUser signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof CloseoutUser user ? user : null;
    }
}
