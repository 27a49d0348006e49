package io.eldercare.gateway;

import java.security.Principal;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A token bucket per client (the token's subject, or the remote address when anonymous): over the rate, 429 with
 * Retry-After. The buckets are per gateway instance; with several instances behind a load balancer each allows the
 * rate, so a shared limiter (Redis) is the step for large deployments.
 */
@Component
class RateLimitFilter implements WebFilter, Ordered {

    private final double perSecond;
    private final double burst;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimitFilter(GatewayProperties properties) {
        this.perSecond = properties.rateLimit().perSecond();
        this.burst = properties.rateLimit().burst();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return exchange.getPrincipal().map(Principal::getName)
                .defaultIfEmpty(exchange.getRequest().getRemoteAddress() == null ? "unknown"
                        : "ip:" + exchange.getRequest().getRemoteAddress().getAddress().getHostAddress())
                .flatMap(client -> {
                    if (buckets.computeIfAbsent(client, c -> new Bucket(burst)).take(perSecond, burst)) {
                        return chain.filter(exchange);
                    }
                    exchange.getResponse().getHeaders().set("Retry-After", "1");
                    return ProblemResponse.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                            "Too many requests", "Slow down: at most " + (int) perSecond
                                    + " requests a second per client.");
                });
    }

    /** After authentication, so that a signed-in client is limited by who it is. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }

    private static final class Bucket {
        private double tokens;
        private long last = System.nanoTime();

        Bucket(double capacity) {
            this.tokens = capacity;
        }

        synchronized boolean take(double perSecond, double capacity) {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - last) / 1e9 * perSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
