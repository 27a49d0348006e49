package io.eldercare.platform.web;

import io.eldercare.platform.messaging.TraceIds;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.MDC;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.loadbalancer.BlockingLoadBalancerInterceptor;
import org.springframework.cloud.client.loadbalancer.DeferringLoadBalancerInterceptor;
import org.springframework.core.env.Environment;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * HTTP clients for calls to other services through Eureka ({@code http://<service>}), with timeouts and the request
 * id passed on. {@code eldercare.clients.<service>.url} points a client at a fixed address instead.
 */
public class ServiceClients {

    private final ObjectProvider<BlockingLoadBalancerInterceptor> loadBalancer;
    private final Environment environment;
    private final CircuitBreakerFactory<?, ?> circuitBreakers;
    private final RetryTemplate retry = new RetryTemplate(RetryPolicy.builder()
            .maxRetries(2).delay(Duration.ofMillis(200)).multiplier(2)
            .predicate(ServiceClients::isTransient)
            .build());

    public ServiceClients(ObjectProvider<BlockingLoadBalancerInterceptor> loadBalancer, Environment environment,
            CircuitBreakerFactory<?, ?> circuitBreakers) {
        this.loadBalancer = loadBalancer;
        this.environment = environment;
        this.circuitBreakers = circuitBreakers;
    }

    /**
     * Runs a call to {@code service} behind its circuit breaker, retrying what may pass on a second try (no
     * answer, 5xx); a 4xx is the other service's considered answer and is passed on at once. Calls that change
     * state must carry an idempotency key of their own before they are run here.
     */
    public <T> T call(String service, Supplier<T> call) {
        return circuitBreakers.create(service).run(() -> {
            try {
                return retry.execute(call::get);
            } catch (RetryException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            }
        }, failure -> {
            if (failure instanceof RuntimeException runtime && !isTransient(failure)) {
                throw runtime;
            }
            throw new DomainException(HttpStatus.SERVICE_UNAVAILABLE, "dependency-unavailable",
                    "A service this needs is unavailable",
                    service + " did not answer; nothing was changed. Try again in a minute.");
        });
    }

    private static boolean isTransient(Throwable failure) {
        return failure instanceof ResourceAccessException || failure instanceof HttpServerErrorException
                || failure.getClass().getSimpleName().equals("CallNotPermittedException");
    }

    public RestClient forService(String serviceName) {
        SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
        requestFactory.setConnectTimeout(Duration.ofSeconds(2));
        requestFactory.setReadTimeout(Duration.ofSeconds(5));
        RestClient.Builder builder = RestClient.builder()
                .requestFactory(requestFactory)
                .requestInterceptor((request, body, execution) -> {
                    String traceId = MDC.get(TraceIds.MDC_KEY);
                    if (traceId != null) {
                        request.getHeaders().set(TraceIds.HTTP_HEADER, traceId);
                    }
                    return execution.execute(request, body);
                });
        String fixedUrl = environment.getProperty("eldercare.clients." + serviceName + ".url");
        if (fixedUrl != null) {
            return builder.baseUrl(fixedUrl).build();
        }
        return builder.baseUrl("http://" + serviceName)
                .requestInterceptor(new DeferringLoadBalancerInterceptor(loadBalancer))
                .build();
    }
}
