package io.eldercare.eligibility.elder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How often one caller may look an elder up by ID number: {@code eldercare.eligibility.id-search.limit} searches
 * (30) per {@code eldercare.eligibility.id-search.window} (one minute) per token subject, in fixed windows. Memory is
 * bounded: at most {@code max-callers} (10,000) windows, each forgotten a window after it opened. Per instance: with
 * several instances a caller gets the limit on each (the gateway's per-client limit bounds the sum).
 */
@Component
public class SearchRateLimiter {

    /** One caller's current window: when it opened and how many searches it counted. */
    private static final class Window {
        private Instant opened;
        private int count;

        Window(Instant opened) {
            this.opened = opened;
        }
    }

    private final Cache<String, Window> windows;
    private final Clock clock;
    private final int limit;
    private final Duration window;

    SearchRateLimiter(Clock clock, @Value("${eldercare.eligibility.id-search.limit:30}") int limit,
            @Value("${eldercare.eligibility.id-search.window:PT1M}") Duration window,
            @Value("${eldercare.eligibility.id-search.max-callers:10000}") long maxCallers) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalStateException("eldercare.eligibility.id-search.limit must be at least 1 and its window"
                    + " positive");
        }
        this.clock = clock;
        this.limit = limit;
        this.window = window;
        this.windows = Caffeine.newBuilder().maximumSize(maxCallers).expireAfterAccess(window).build();
    }

    /** Counts a search by this caller; empty if allowed, else how long until the caller may search again. */
    public Optional<Duration> acquire(String subject) {
        Instant now = clock.instant();
        Window current = windows.get(subject, key -> new Window(now));
        synchronized (current) {
            if (!now.isBefore(current.opened.plus(window))) {
                current.opened = now;
                current.count = 0;
            }
            if (current.count < limit) {
                current.count++;
                return Optional.empty();
            }
            Duration wait = Duration.between(now, current.opened.plus(window));
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        }
    }
}
