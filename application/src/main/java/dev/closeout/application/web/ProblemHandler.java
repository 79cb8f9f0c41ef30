package dev.closeout.application.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.closeout.application.infrastructure.mongo.DurabilityException;
import dev.closeout.application.infrastructure.mongo.EmbeddedStoreHealthIndicator;
import dev.closeout.application.infrastructure.readmodel.ReadModelRebuilds;
import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.InvalidValueException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every refusal as {@code application/problem+json}: 400 names the field, 403 says who may,
 * 404 names what is unknown, 409 says why the item's state does not allow it, 503 says a read
 * model is being rebuilt or the store cannot keep writes. Nothing a client sends is answered with a 500.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final int RETRY_AFTER_SECONDS = 5;
    /** Jackson's words for a field sent twice (JsonParser.Feature.STRICT_DUPLICATE_DETECTION). */
    private static final Pattern DUPLICATE_FIELD = Pattern.compile("^Duplicate field '([^']*)'");

    private final ReadModelRebuilds rebuilds;
    private final EmbeddedStoreHealthIndicator store;

    public ProblemHandler(ReadModelRebuilds rebuilds, EmbeddedStoreHealthIndicator store) {
        this.rebuilds = rebuilds;
        this.store = store;
    }

    /**
     * The problem the API answers a command's failure with, for the pages, which show its detail
     * beside the form (and its {@code field}, if any, beside that field): one wording of every refusal.
     */
    public ProblemDetail describe(RuntimeException e) {
        ResponseEntity<ProblemDetail> answer;
        if (e instanceof InvalidValueException invalid) {
            answer = invalid(invalid);
        } else if (e instanceof CommandRefusedException refused) {
            answer = refused(refused);
        } else if (e instanceof CommandExecutionException execution) {
            answer = execution(execution);
        } else if (e instanceof AggregateNotFoundException missing) {
            answer = unknownAggregate(missing);
        } else if (e instanceof ConcurrencyException concurrent) {
            answer = concurrent(concurrent);
        } else if (e instanceof AggregateStreamCreationException exists) {
            answer = exists(exists);
        } else if (e instanceof NotFoundException missing) {
            answer = problem(HttpStatus.NOT_FOUND, missing.getMessage(), null);
        } else if (e instanceof ErrorResponseException error) {
            // A refusal that carries its own problem, such as an evidence file too large or of a type not accepted.
            return error.getBody();
        } else {
            answer = unexpected(e);
        }
        return answer.getBody();
    }

    @ExceptionHandler(InvalidValueException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidValueException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage(), e.field());
    }

    @ExceptionHandler(CommandRefusedException.class)
    ResponseEntity<ProblemDetail> refused(CommandRefusedException e) {
        HttpStatus status = switch (e.reason()) {
            case STATE -> HttpStatus.CONFLICT;
            case PERMISSION -> HttpStatus.FORBIDDEN;
            case INVALID -> HttpStatus.BAD_REQUEST;
        };
        return problem(status, e.getMessage(), e.field());
    }

    /**
     * A read that finds nothing while a read model is being rebuilt may be looking for an item not
     * replayed yet: 503 with {@code Retry-After}, naming the read models, rather than a 404 that says
     * the item does not exist. Commands find their items in the event store, so theirs stay 404.
     */
    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e, HttpServletRequest request) {
        if (HttpMethod.GET.matches(request.getMethod())) {
            List<String> rebuilding = rebuilds.inProgress();
            if (!rebuilding.isEmpty()) {
                ResponseEntity<ProblemDetail> unavailable = problem(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()
                        + ", but the read models " + rebuilding + " are being rebuilt: retry shortly", null);
                unavailable.getBody().setProperty("rebuilding", rebuilding);
                return retryLater(unavailable);
            }
        }
        return problem(HttpStatus.NOT_FOUND, e.getMessage(), null);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> unknownAggregate(AggregateNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "No item with id " + e.getAggregateIdentifier(), null);
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrent(ConcurrencyException e) {
        return problem(HttpStatus.CONFLICT,
                "The item was changed by someone else at the same moment; read it again and retry.", null);
    }

    /** Two requests creating the same item at once (a user, a report): the second finds the first's. */
    @ExceptionHandler(AggregateStreamCreationException.class)
    ResponseEntity<ProblemDetail> exists(AggregateStreamCreationException e) {
        return problem(HttpStatus.CONFLICT, "It was created by someone else at the same moment; read it again.", null);
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> execution(CommandExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof CommandRefusedException refused) {
            return refused(refused);
        }
        if (cause instanceof InvalidValueException invalid) {
            return invalid(invalid);
        }
        if (cause instanceof AggregateNotFoundException missing) {
            return unknownAggregate(missing);
        }
        if (cause instanceof ConcurrencyException concurrent) {
            return concurrent(concurrent);
        }
        if (cause instanceof AggregateStreamCreationException exists) {
            return exists(exists);
        }
        log.error("Command failed", e);
        return storeFailure(e).orElseGet(() ->
                problem(HttpStatus.INTERNAL_SERVER_ERROR, "The command could not be carried out.", null));
    }

    /**
     * A store that cannot make writes durable (the embedded store closed after a failed commit or fsync; a commit not
     * confirmed) is not the request's fault, nor a bug: 503, saying what happened, and liveness is down where the
     * store closed for good ({@link EmbeddedStoreHealthIndicator}), so the application is started again.
     */
    private Optional<ResponseEntity<ProblemDetail>> storeFailure(Throwable e) {
        Optional<String> failed = store.failure();
        if (failed.isPresent()) {
            return Optional.of(problem(HttpStatus.SERVICE_UNAVAILABLE, failed.get()
                    + ". Nothing more is recorded until then; what this request changed may not have been kept.", null));
        }
        if (store.stopping()) {
            // a request caught by the application stopping: another instance, or this one started again, takes it
            return Optional.of(retryLater(problem(HttpStatus.SERVICE_UNAVAILABLE, "The application is stopping; read "
                    + "the item again, then retry.", null)));
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DurabilityException) {
                return Optional.of(problem(HttpStatus.SERVICE_UNAVAILABLE, "The store could not confirm that this "
                        + "request's changes are on disk (" + cause.getMessage() + "); they may not have been kept. "
                        + "Read the item again before retrying.", null));
            }
        }
        return Optional.empty();
    }

    /** The answer, with {@code Retry-After}: what it refuses passes with time. */
    private static ResponseEntity<ProblemDetail> retryLater(ResponseEntity<ProblemDetail> answer) {
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS)).body(answer.getBody());
    }

    /**
     * The security firewall checks some headers and parameters only when they are read, which may be
     * inside a controller; the refusal is the client's, as when the firewall refuses the request outright.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
        return problem(HttpStatus.BAD_REQUEST, "The request contains a header or parameter that is refused.", null);
    }

    /**
     * A multipart body the container cannot parse (malformed, too many parts, a part's headers too
     * long) is the client's fault; a body too large is refused before it is read ({@link RequestBodyLimit}).
     */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e) {
        return problem(HttpStatus.BAD_REQUEST, "The multipart/form-data body cannot be read: "
                + (e.getMostSpecificCause().getMessage() == null ? "malformed" : e.getMostSpecificCause().getMessage()),
                null);
    }

    /** A fault of ours, not of the request: logged in full, answered without internals. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Request failed", e);
        return storeFailure(e).orElseGet(() ->
                problem(HttpStatus.INTERNAL_SERVER_ERROR, "The request could not be carried out.", null));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        if (e.getMostSpecificCause() instanceof DateParameters.OutsideCalendar outside) {
            return problem(HttpStatus.BAD_REQUEST, e.getName() + " " + outside.getMessage(), e.getName());
        }
        return problem(HttpStatus.BAD_REQUEST, e.getName() + " has an unreadable value: " + sent(e.getValue()),
                e.getName());
    }

    /** A parameter's value as sent: a parameter given several times is its values, not an array's identity. */
    public static String sent(Object value) {
        return value instanceof Object[] values
                ? Arrays.stream(values).map(String::valueOf).collect(Collectors.joining(", ")) : String.valueOf(value);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof JsonMappingException) && !(cause instanceof InvalidValueException)) {
            cause = cause.getCause();
        }
        if (cause instanceof InvalidValueException invalid) {
            return wrap(invalid(invalid));
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            if (mapping instanceof UnrecognizedPropertyException unknown) {
                // a typo ("duedate") would otherwise be dropped, and the request do something else than asked
                return wrap(problem(HttpStatus.BAD_REQUEST, field + " is not a field of this request; it takes "
                        + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                        .collect(Collectors.joining(", ")), field));
            }
            return wrap(problem(HttpStatus.BAD_REQUEST, field + " has a value that cannot be read", field));
        }
        for (Throwable parse = e.getCause(); parse != null; parse = parse.getCause()) {
            Matcher twice = DUPLICATE_FIELD.matcher(String.valueOf(parse.getMessage()));
            if (parse instanceof JsonParseException && twice.find()) {
                return wrap(problem(HttpStatus.BAD_REQUEST, twice.group(1) + " is given twice", twice.group(1)));
            }
        }
        return wrap(problem(HttpStatus.BAD_REQUEST, "The request body is not valid JSON of the expected shape.",
                null));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return wrap(problem(HttpStatus.BAD_REQUEST, e.getParameterName() + " is required", e.getParameterName()));
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> wrap(ResponseEntity<ProblemDetail> response) {
        return (ResponseEntity) response;
    }
}
