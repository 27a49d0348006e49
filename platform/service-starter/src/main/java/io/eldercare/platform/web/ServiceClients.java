package io.eldercare.platform.web;

import io.eldercare.platform.messaging.TraceIds;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.MDC;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
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

    /** The client registration whose client-credentials token other services accept from us. */
    public static final String SERVICE_REGISTRATION = "eldercare";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ObjectProvider<BlockingLoadBalancerInterceptor> loadBalancer;
    private final Environment environment;
    private final CircuitBreakerFactory<?, ?> circuitBreakers;
    private final RetryTemplate retry = new RetryTemplate(RetryPolicy.builder()
            .maxRetries(2).delay(Duration.ofMillis(200)).multiplier(2)
            .predicate(ServiceClients::isTransient)
            .build());

    private final ObjectProvider<OAuth2AuthorizedClientManager> tokens;

    public ServiceClients(ObjectProvider<BlockingLoadBalancerInterceptor> loadBalancer, Environment environment,
            CircuitBreakerFactory<?, ?> circuitBreakers, ObjectProvider<OAuth2AuthorizedClientManager> tokens) {
        this.tokens = tokens;
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
        Outcome<T> outcome;
        try {
            outcome = circuitBreakers.create(service).run(() -> {
                try {
                    return retry.execute(() -> Outcome.of(call));
                } catch (RetryException e) {
                    throw e.getLastException() instanceof RuntimeException last ? last : new IllegalStateException(e);
                }
            });
        } catch (RuntimeException failure) {
            Throwable cause = failure.getClass().getSimpleName().equals("NoFallbackAvailableException")
                    && failure.getCause() != null ? failure.getCause() : failure;
            if (causedByTransient(cause)) {
                throw new DomainException(HttpStatus.SERVICE_UNAVAILABLE, "dependency-unavailable",
                        "A service this needs is unavailable",
                        service + " did not answer; nothing was changed. Try again in a minute.");
            }
            throw cause instanceof RuntimeException runtime ? runtime : failure;
        }
        if (outcome.refusal() != null) {
            throw asDomainException(service, outcome.refusal());
        }
        return outcome.value();
    }

    /**
     * A refusal (4xx) is a healthy answer: it must neither be retried nor count against the circuit breaker, so it
     * travels out of the breaker as a value.
     */
    private record Outcome<T>(T value, HttpClientErrorException refusal) {

        static <T> Outcome<T> of(Supplier<T> call) {
            try {
                return new Outcome<>(call.get(), null);
            } catch (HttpClientErrorException refused) {
                return new Outcome<>(null, refused);
            }
        }
    }

    /** The other service's refusal, passed on to our caller with its own words. */
    private static DomainException asDomainException(String service, HttpClientErrorException refused) {
        String type = "refused-by-" + service;
        String title = "Refused by " + service;
        String detail = service + " answered " + refused.getStatusCode();
        try {
            JsonNode problem = JSON.readTree(refused.getResponseBodyAsString());
            type = problem.path("type").asString(type).replaceFirst(".*/", "");
            title = problem.path("title").asString(title);
            detail = problem.path("detail").asString(detail);
        } catch (RuntimeException notAProblemDetail) {
            // keep the status line
        }
        HttpStatus status = HttpStatus.resolve(refused.getStatusCode().value());
        return new DomainException(status == null ? HttpStatus.BAD_REQUEST : status, type, title, detail);
    }

    private static boolean causedByTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (isTransient(t)) {
                return true;
            }
        }
        return false;
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
                // a tolerant reader: fields another service adds later must not break this one
                .configureMessageConverters(converters -> converters.withJsonConverter(
                        new JacksonJsonHttpMessageConverter(JsonMapper.builder()
                                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build())))
                .requestInterceptor((request, body, execution) -> {
                    String traceId = MDC.get(TraceIds.MDC_KEY);
                    if (traceId != null) {
                        request.getHeaders().set(TraceIds.HTTP_HEADER, traceId);
                    }
                    OAuth2AuthorizedClientManager manager = tokens.getIfAvailable();
                    if (manager != null) {
                        OAuth2AuthorizedClient client = manager.authorize(OAuth2AuthorizeRequest
                                .withClientRegistrationId(SERVICE_REGISTRATION)
                                .principal(environment.getProperty("spring.application.name", "service"))
                                .build());
                        if (client != null) {
                            request.getHeaders().setBearerAuth(client.getAccessToken().getTokenValue());
                        }
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
