package io.eldercare.platform.web;

import io.eldercare.platform.domain.Refusal;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Every error as an RFC 9457 problem detail with a stable type URI under {@value #TYPE_BASE}. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    public static final String TYPE_BASE = "https://eldercare.io/problems/";
    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final Pattern CONSTRAINT = Pattern.compile("constraint \"([^\"]+)\"");

    /** A rule's refusal: its kind decides the status (a {@link DomainException} names its own). */
    @ExceptionHandler(Refusal.class)
    ProblemDetail domain(Refusal e) {
        return problem(DomainException.statusOf(e), e.problem(), e.title(), e.getMessage());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException e) {
        Map<String, String> errors = new TreeMap<>();
        e.getConstraintViolations().forEach(v -> errors.put(v.getPropertyPath().toString(), v.getMessage()));
        return invalid(errors);
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ProblemDetail concurrentChange(OptimisticLockingFailureException e) {
        return problem(HttpStatus.CONFLICT, "concurrent-change", "Changed by someone else",
                "The record changed while you were working on it; reload it and try again.");
    }

    /** A row another request holds longer than the lock timeout: busy now, nothing changed. */
    @ExceptionHandler(PessimisticLockingFailureException.class)
    ProblemDetail busy(PessimisticLockingFailureException e) {
        log.info("gave up waiting for a lock: {}", e.getMostSpecificCause().getMessage());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Busy with another change",
                "The record is being changed by another request; nothing was changed. Try again in a moment.");
    }

    /**
     * Logged by the constraint's name only: the database's message also quotes the failing row ("Failing row contains
     * (…)"), which may hold an elder's personal data.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail integrity(DataIntegrityViolationException e) {
        log.info("refused by database constraint {}", constraintOf(e));
        return problem(HttpStatus.CONFLICT, "conflict", "Conflicts with existing data",
                "The request conflicts with data already recorded (a duplicate, or a value out of range).");
    }

    /** The name of the constraint a database refusal names ("… violates … constraint \"name\""), else "unnamed". */
    static String constraintOf(DataIntegrityViolationException e) {
        Matcher named = CONSTRAINT.matcher(String.valueOf(e.getMostSpecificCause().getMessage()));
        return named.find() ? named.group(1) : "unnamed";
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Map<String, String> errors = new TreeMap<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.put(error.getField(), error.getDefaultMessage());
        }
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Map<String, String> errors = new TreeMap<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                String name = error instanceof FieldError field ? field.getField()
                        : result.getMethodParameter().getParameterName();
                errors.put(name, error.getDefaultMessage());
            }
        }
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    /** The messages in the detail for a person, and by field in {@code errors} for a client. */
    private static ProblemDetail invalid(Map<String, String> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                String.join("; ", errors.values()));
        problem.setProperty("errors", errors);
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = "The request body is not valid JSON for this operation.";
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnrecognizedPropertyException unknown) {
                detail = "Field '" + unknown.getPropertyName() + "' is not accepted here; it is set by the"
                        + " platform, not by the caller.";
                break;
            }
            if (cause instanceof InvalidFormatException invalid) {
                String field = invalid.getPath().isEmpty() ? invalid.getPathReference()
                        : invalid.getPath().get(invalid.getPath().size() - 1).getPropertyName();
                detail = "Value '" + invalid.getValue() + "' is not valid for field '" + field + "'"
                        + (invalid.getTargetType() != null && invalid.getTargetType().isEnum()
                                ? "; it is one of " + Arrays.toString(
                                        invalid.getTargetType().getEnumConstants()) + "."
                                : ".");
                break;
            }
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "unreadable-request",
                "Unreadable request", detail));
    }

    private static ProblemDetail problem(HttpStatusCode status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }
}
