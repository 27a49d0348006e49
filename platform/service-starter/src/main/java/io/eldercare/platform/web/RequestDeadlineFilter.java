package io.eldercare.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records when a request began, so that the calls it makes to other services together fit in
 * {@code eldercare.clients.request-deadline} and the caller hears back, if only a 503, before it gives up.
 */
public class RequestDeadlineFilter extends OncePerRequestFilter {

    private final Duration budget;

    public RequestDeadlineFilter(Duration budget) {
        this.budget = budget;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try (RequestDeadline.Scope ignored = RequestDeadline.start(budget)) {
            chain.doFilter(request, response);
        }
    }
}
