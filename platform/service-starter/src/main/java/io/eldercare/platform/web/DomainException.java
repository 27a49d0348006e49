package io.eldercare.platform.web;

import org.springframework.http.HttpStatus;

/**
 * A refusal a person can act on, rendered as an RFC 9457 problem detail with a stable {@code type}. Throw it before
 * changing anything, or inside the transaction that it rolls back.
 */
public class DomainException extends RuntimeException {

    private final HttpStatus status;
    private final String problem;
    private final String title;

    /**
     * @param status the HTTP status
     * @param problem stable slug of the problem type, e.g. {@code order-not-completable}
     * @param title short summary of the problem type
     * @param detail what happened in this case and what to do about it
     */
    public DomainException(HttpStatus status, String problem, String title, String detail) {
        super(detail);
        this.status = status;
        this.problem = problem;
        this.title = title;
    }

    public static DomainException notFound(String what, Object id) {
        return new DomainException(HttpStatus.NOT_FOUND, "not-found", what + " not found",
                what + " " + id + " does not exist or is not visible to you");
    }

    public static DomainException conflict(String problem, String title, String detail) {
        return new DomainException(HttpStatus.CONFLICT, problem, title, detail);
    }

    public static DomainException invalid(String problem, String title, String detail) {
        return new DomainException(HttpStatus.UNPROCESSABLE_CONTENT, problem, title, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String problem() {
        return problem;
    }

    public String title() {
        return title;
    }
}
