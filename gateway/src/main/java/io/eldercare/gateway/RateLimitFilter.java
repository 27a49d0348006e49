package io.eldercare.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A token bucket per client (the token's subject, or the client's address when anonymous, see {@link ClientAddress}):
 * over the rate, 429 with Retry-After. The buckets live in a bounded cache: at most {@code max-clients}, each
 * forgotten after {@code forget-after} without requests, so a flood of new addresses costs bounded memory (it can
 * push out other clients' buckets, which then start full again). The buckets are per gateway instance; with several
 * instances behind a load balancer each allows the rate, so a shared limiter (Redis) is the step for large
 * deployments.
 */
@Component
class RateLimitFilter implements WebFilter, Ordered {

    private final double perSecond;
    private final double burst;
    private final ClientAddress clientAddress;
    private final Cache<String, Bucket> buckets;

    RateLimitFilter(GatewayProperties properties) {
        GatewayProperties.RateLimit limit = properties.rateLimit();
        this.perSecond = limit.perSecond();
        this.burst = limit.burst();
        this.clientAddress = new ClientAddress(properties.trustedProxies());
        // a bucket left alone this long is full again: forgetting it sooner would hand out a free refill
        Duration refill = Duration.ofMillis((long) Math.ceil(burst / Math.max(perSecond, 1e-3) * 1000));
        Duration forgetAfter = limit.forgetAfter().compareTo(refill) < 0 ? refill : limit.forgetAfter();
        this.buckets = Caffeine.newBuilder().maximumSize(limit.maxClients()).expireAfterAccess(forgetAfter).build();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return exchange.getPrincipal().map(principal -> "sub:" + principal.getName())
                .switchIfEmpty(Mono.fromSupplier(() -> ClientAddress.key(clientAddress.of(exchange.getRequest()))))
                .flatMap(client -> {
                    if (buckets.get(client, c -> new Bucket(burst)).take(perSecond, burst)) {
                        return chain.filter(exchange);
                    }
                    exchange.getResponse().getHeaders().set("Retry-After", "1");
                    return ProblemResponse.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                            "Too many requests", "Slow down: at most " + (int) perSecond
                                    + " requests a second per client.");
                });
    }

    /** How many clients' buckets are held, after pending evictions. */
    long trackedClients() {
        buckets.cleanUp();
        return buckets.estimatedSize();
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
