package io.eldercare.gateway;

import java.net.ConnectException;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.gateway.support.TimeoutException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * A routed call that timed out (504) or found no service to answer it (503) as a problem detail, before Boot's
 * error handler would answer with its own JSON or a 500.
 */
@Component
@Order(-2)
class UpstreamFailureHandler implements WebExceptionHandler {

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        if (causedBy(failure, TimeoutException.class)) {
            // the service may still finish: the caller must look before asking again
            return ProblemResponse.write(exchange, HttpStatus.GATEWAY_TIMEOUT, "upstream-timeout",
                    "The service took too long",
                    "The service did not answer in time. What you asked may still be done: check before you"
                            + " try again.");
        }
        if (causedBy(failure, NotFoundException.class) || causedBy(failure, ConnectException.class)) {
            return ProblemResponse.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
                    "The service is unavailable",
                    "The service could not be reached; nothing was changed. Try again in a minute.");
        }
        return Mono.error(failure);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
