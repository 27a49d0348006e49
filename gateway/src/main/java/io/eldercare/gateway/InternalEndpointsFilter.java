package io.eldercare.gateway;

import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Services' actuator and internal endpoints are for the cluster, never for the public: refused before routing.
 * The gateway's own actuator listens on the management port only.
 */
@Component
public class InternalEndpointsFilter implements WebFilter, Ordered {

    private static final Pattern INTERNAL = Pattern.compile("^/api/[^/]+/(actuator|internal)(/.*)?$");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (INTERNAL.matcher(path.replaceAll("/{2,}", "/")).matches()) {
            exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
            return exchange.getResponse().setComplete();
        }
        return chain.filter(exchange);
    }

    /** Before authentication: internal paths do not exist from outside, with or without a token. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
