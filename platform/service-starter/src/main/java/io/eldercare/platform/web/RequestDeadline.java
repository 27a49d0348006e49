package io.eldercare.platform.web;

import java.time.Duration;
import java.util.Optional;

/**
 * When the incoming request being served on this thread must be answered by. Outbound calls made while serving it
 * share this one deadline; a thread serving no request (a job, a consumer) has none.
 */
public final class RequestDeadline {

    private static final ThreadLocal<Long> DEADLINE_NANOS = new ThreadLocal<>();

    private RequestDeadline() {
    }

    /** The time left to answer the request being served, or empty outside an HTTP request. */
    public static Optional<Duration> remaining() {
        Long deadline = DEADLINE_NANOS.get();
        return deadline == null ? Optional.empty() : Optional.of(Duration.ofNanos(deadline - System.nanoTime()));
    }

    /** Starts the clock for a request; close the scope when the request has been answered. */
    static Scope start(Duration budget) {
        Long outer = DEADLINE_NANOS.get();
        // a nested dispatch (error page, forward) keeps the deadline its request began with
        if (outer == null) {
            DEADLINE_NANOS.set(System.nanoTime() + budget.toNanos());
        }
        return () -> {
            if (outer == null) {
                DEADLINE_NANOS.remove();
            }
        };
    }

    /** The span of one request's deadline. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
