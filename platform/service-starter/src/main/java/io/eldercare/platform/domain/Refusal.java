package io.eldercare.platform.domain;

/**
 * A rule refused what was asked, before anything changed (or inside the transaction it rolls back): what kind of
 * refusal, a stable problem slug, a short title and a message a person can act on. Domain and application code throws
 * it; it knows nothing of HTTP: the web layer alone maps its {@link Kind} to a status (see
 * {@code platform.web.ProblemDetailsAdvice}).
 */
public class Refusal extends RuntimeException {

    /** What kind of refusal this is. */
    public enum Kind {
        /** The request cannot be read as what it claims to be (not base64, not a key): send it well-formed (HTTP 400). */
        MALFORMED,
        /** The request breaks a rule: correct it (HTTP 422). */
        INVALID,
        /** It contradicts what is already recorded or under way (HTTP 409). */
        CONFLICT,
        /** Nothing by that id, or nothing the caller may see (HTTP 404). */
        NOT_FOUND,
        /** It existed and was deliberately removed (an elder's file erased after its retention): HTTP 410. */
        GONE,
        /** The caller may not do this (HTTP 403). */
        FORBIDDEN,
        /** A fact the rule needs is not available yet, or a service it needs did not answer: try later (HTTP 503). */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String problem;
    private final String title;

    /**
     * @param kind what kind of refusal
     * @param problem stable slug of the problem type, e.g. {@code order-not-open}
     * @param title short summary of the problem type
     * @param detail what happened in this case and what to do about it
     */
    public Refusal(Kind kind, String problem, String title, String detail) {
        super(detail);
        this.kind = kind;
        this.problem = problem;
        this.title = title;
    }

    public static Refusal notFound(String what, Object id) {
        return new Refusal(Kind.NOT_FOUND, "not-found", what + " not found",
                what + " " + id + " does not exist or is not visible to you");
    }

    public static Refusal malformed(String problem, String title, String detail) {
        return new Refusal(Kind.MALFORMED, problem, title, detail);
    }

    public static Refusal conflict(String problem, String title, String detail) {
        return new Refusal(Kind.CONFLICT, problem, title, detail);
    }

    public static Refusal invalid(String problem, String title, String detail) {
        return new Refusal(Kind.INVALID, problem, title, detail);
    }

    public static Refusal gone(String problem, String title, String detail) {
        return new Refusal(Kind.GONE, problem, title, detail);
    }

    public static Refusal forbidden(String problem, String title, String detail) {
        return new Refusal(Kind.FORBIDDEN, problem, title, detail);
    }

    public static Refusal unavailable(String problem, String title, String detail) {
        return new Refusal(Kind.UNAVAILABLE, problem, title, detail);
    }

    /** The same refusal (kind, problem, title, and whatever else its class carries) with another message. */
    public Refusal withDetail(String detail) {
        return new Refusal(kind, problem, title, detail);
    }

    public Kind kind() {
        return kind;
    }

    public String problem() {
        return problem;
    }

    public String title() {
        return title;
    }

    /** Asking again unchanged may succeed (a fact or a service not available now); every other refusal stands. */
    public boolean transientFailure() {
        return kind == Kind.UNAVAILABLE;
    }
}
