package io.eldercare.platform.web;

import io.eldercare.platform.domain.Refusal;
import org.springframework.http.HttpStatus;

/**
 * A refusal at the edge, with its HTTP status chosen by the web layer: a malformed request (400), a missing claim, a
 * remote service's problem answered through {@link ServiceClients}. Domain and application code throws {@link Refusal}
 * instead, whose kind {@link ProblemDetailsAdvice} maps to a status.
 */
public class DomainException extends Refusal {

    private final HttpStatus status;

    /**
     * @param status the HTTP status
     * @param problem stable slug of the problem type, e.g. {@code idempotency-key-required}
     * @param title short summary of the problem type
     * @param detail what happened in this case and what to do about it
     */
    public DomainException(HttpStatus status, String problem, String title, String detail) {
        super(kindOf(status), problem, title, detail);
        this.status = status;
    }

    /** Keeps the status it was answered with (a remote service's 502 stays 502). */
    @Override
    public DomainException withDetail(String detail) {
        return new DomainException(status, problem(), title(), detail);
    }

    public HttpStatus status() {
        return status;
    }

    /** The status a refusal of this kind is answered with. */
    public static HttpStatus statusOf(Refusal refusal) {
        if (refusal instanceof DomainException e) {
            return e.status();
        }
        return switch (refusal.kind()) {
            case MALFORMED -> HttpStatus.BAD_REQUEST;
            case INVALID -> HttpStatus.UNPROCESSABLE_CONTENT;
            case CONFLICT -> HttpStatus.CONFLICT;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case GONE -> HttpStatus.GONE;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    private static Kind kindOf(HttpStatus status) {
        if (status.is5xxServerError()) {
            return Kind.UNAVAILABLE;
        }
        return switch (status) {
            case NOT_FOUND -> Kind.NOT_FOUND;
            case GONE -> Kind.GONE;
            case FORBIDDEN, UNAUTHORIZED -> Kind.FORBIDDEN;
            case CONFLICT -> Kind.CONFLICT;
            case BAD_REQUEST -> Kind.MALFORMED;
            default -> Kind.INVALID;
        };
    }
}
