package io.eldercare.gateway;

import io.eldercare.ratelimit.TokenBuckets;
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

    private final TokenBuckets.Rate rate;
    private final ClientAddress clientAddress;
    private final TokenBuckets buckets;

    RateLimitFilter(GatewayProperties properties) {
        GatewayProperties.RateLimit limit = properties.rateLimit();
        this.rate = new TokenBuckets.Rate(limit.perSecond(), limit.burst());
        this.clientAddress = new ClientAddress(properties.trustedProxies());
        // kept at least until full again (forgetting a bucket sooner would hand out a free refill)
        this.buckets = new TokenBuckets(limit.maxClients(), limit.forgetAfter(), rate);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return exchange.getPrincipal().map(principal -> "sub:" + principal.getName())
                .switchIfEmpty(Mono.fromSupplier(() -> ClientAddress.key(clientAddress.of(exchange.getRequest()))))
                .flatMap(client -> {
                    long waitSeconds = buckets.take(client, rate);
                    if (waitSeconds == 0) {
                        return chain.filter(exchange);
                    }
                    exchange.getResponse().getHeaders().set("Retry-After", Long.toString(waitSeconds));
                    return ProblemResponse.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                            "Too many requests", "Slow down: at most " + (int) rate.perSecond()
                                    + " requests a second per client.");
                });
    }

    /** How many clients' buckets are held, after pending evictions. */
    long trackedClients() {
        return buckets.trackedKeys();
    }

    /** After authentication, so that a signed-in client is limited by who it is. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}
