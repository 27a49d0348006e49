package io.eldercare.platform.web;

import io.eldercare.platform.messaging.TraceIds;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.cloud.client.circuitbreaker.NoFallbackAvailableException;
import org.springframework.cloud.client.loadbalancer.BlockingLoadBalancerInterceptor;
import org.springframework.cloud.client.loadbalancer.DeferringLoadBalancerInterceptor;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpExchangeAdapter;
import org.springframework.web.service.invoker.HttpExchangeAdapterDecorator;
import org.springframework.web.service.invoker.HttpRequestValues;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls to other services through Eureka ({@code http://<service>}, or {@code eldercare.clients.<service>.url}),
 * with our service token and the request id, behind the resilience4j circuit breaker and retry named after the
 * service ({@code resilience4j.circuitbreaker.instances.<service>}, {@code resilience4j.retry.instances.<service>}),
 * within the per-backend timeouts and the deadline of the request being served.
 */
public class ServiceClients {

    /** The client registration whose client-credentials token other services accept from us. */
    public static final String SERVICE_REGISTRATION = "eldercare";
    /** An attempt with less time than this left would only time out, so it is not started. */
    static final Duration MINIMUM_ATTEMPT = Duration.ofMillis(100);
    private static final Logger log = LoggerFactory.getLogger(ServiceClients.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ObjectProvider<BlockingLoadBalancerInterceptor> loadBalancer;
    private final Environment environment;
    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;
    private final ObjectProvider<OAuth2AuthorizedClientManager> tokens;
    private final ReentrantLock tokenLock = new ReentrantLock();
    private final ObjectProvider<OAuth2AuthorizedClientService> cachedTokens;

    /**
     * @param tokens gets our client-credentials token (cached until it expires)
     * @param cachedTokens where {@code tokens} caches it, so that a token another service refuses can be forgotten
     */
    public ServiceClients(ObjectProvider<BlockingLoadBalancerInterceptor> loadBalancer, Environment environment,
            CircuitBreakerRegistry breakers, RetryRegistry retries,
            ObjectProvider<OAuth2AuthorizedClientManager> tokens,
            ObjectProvider<OAuth2AuthorizedClientService> cachedTokens) {
        this.loadBalancer = loadBalancer;
        this.environment = environment;
        this.breakers = breakers;
        this.retries = retries;
        this.tokens = tokens;
        this.cachedTokens = cachedTokens;
    }

    /**
     * A client for {@code service} from its {@code @HttpExchange} interface; every method runs as {@link #call}
     * does, so its failures arrive as {@link DomainException}s. Build it once, as a field or a bean.
     */
    public <T> T client(String service, Class<T> httpExchangeInterface) {
        return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(forService(service)))
                .exchangeAdapterDecorator(adapter -> new Guarded(service, adapter))
                .build()
                .createClient(httpExchangeInterface);
    }

    /**
     * Runs a call to {@code service} behind its circuit breaker, retrying what may pass on a second try (see
     * {@link TransientFailure}) while the request being served has time left; a 4xx is the other service's
     * considered answer and is passed on at once. Calls that change state must carry an idempotency key of their
     * own before they are run here.
     *
     * <p>A 401 means the service refused our cached service token before doing anything (the issuer's keys changed,
     * say): the token is forgotten and the call made once more with a fresh one.
     *
     * @throws DomainException 503 {@code dependency-unavailable} when the service did not answer (in time),
     *     502 {@code dependency-refused-credentials} when it refused our token (twice, for a 401), else the
     *     service's own 4xx
     */
    public <T> T call(String service, Supplier<T> call) {
        Outcome<T> outcome = guarded(service, call);
        if (outcome.refusal() != null && outcome.refusal().getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)
                && forgetServiceToken()) {
            log.warn("{} refused our service token with 401; trying once more with a fresh token", service);
            outcome = guarded(service, call);
        }
        if (outcome.refusal() != null) {
            throw asDomainException(service, outcome.refusal());
        }
        return outcome.value();
    }

    /** Drops our cached service token, so that the next call asks the issuer for a new one. */
    private boolean forgetServiceToken() {
        OAuth2AuthorizedClientService cache = cachedTokens.getIfAvailable();
        if (cache == null || tokens.getIfAvailable() == null) {
            return false;
        }
        cache.removeAuthorizedClient(SERVICE_REGISTRATION, principal());
        return true;
    }

    private String principal() {
        return environment.getProperty("spring.application.name", "service");
    }

    /** One call through the breaker and the retry; a refusal (4xx) comes back as a value. */
    private <T> Outcome<T> guarded(String service, Supplier<T> call) {
        CircuitBreaker breaker = breakers.circuitBreaker(service);
        Retry retry = retries.retry(service);
        AtomicInteger attempts = new AtomicInteger();
        Outcome<T> outcome;
        try {
            outcome = retry.executeSupplier(() -> attempt(breaker, retry.getRetryConfig(),
                    attempts.incrementAndGet(), call));
        } catch (RuntimeException failure) {
            if (failure instanceof DomainException || !isUnavailability(failure)) {
                throw failure;
            }
            log.warn("{} did not answer after {} attempt(s): {}", service, attempts.get(), failure.toString());
            throw new DomainException(HttpStatus.SERVICE_UNAVAILABLE, "dependency-unavailable",
                    "A service this needs is unavailable",
                    service + " did not answer; nothing was changed. Try again in a minute.");
        }
        return outcome;
    }

    private static <T> Outcome<T> attempt(CircuitBreaker breaker, RetryConfig retry, int attempt, Supplier<T> call) {
        Optional<Duration> left = RequestDeadline.remaining();
        if (left.isPresent() && left.get().compareTo(MINIMUM_ATTEMPT) < 0) {
            throw new DeadlinePassed(null);
        }
        try {
            return breaker.executeSupplier(() -> Outcome.of(call));
        } catch (RuntimeException failure) {
            if (left.isPresent() && attempt < retry.getMaxAttempts() && retry.getExceptionPredicate().test(failure)) {
                // no retry is begun that could not end before our caller's deadline
                long wait = retry.<Object>getIntervalBiFunction().apply(attempt, Either.left(failure));
                if (RequestDeadline.remaining().orElseThrow().minusMillis(wait).compareTo(MINIMUM_ATTEMPT) < 0) {
                    throw new DeadlinePassed(failure);
                }
            }
            throw failure;
        }
    }

    /** Failures that mean the service did not give an answer, as opposed to a fault of ours. */
    private static boolean isUnavailability(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DeadlinePassed || t instanceof CallNotPermittedException
                    || t instanceof RestClientException || t instanceof NoFallbackAvailableException
                    || t instanceof IOException || t instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    /** The request being served has no time left for (another) attempt. */
    private static final class DeadlinePassed extends RuntimeException {
        DeadlinePassed(Throwable lastFailure) {
            super("the request's deadline passed");
            // suppressed, not the cause: a transient cause would make the retry try again
            if (lastFailure != null) {
                addSuppressed(lastFailure);
            }
        }
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

    /**
     * The other service's refusal, passed on to our caller in its own words; but a refused service token is our
     * fault, never the caller's sign-in.
     */
    private static DomainException asDomainException(String service, HttpClientErrorException refused) {
        if (refused.getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)
                || refused.getStatusCode().isSameCodeAs(HttpStatus.FORBIDDEN)) {
            log.error("{} refused this service's credentials with {}", service, refused.getStatusCode());
            return new DomainException(HttpStatus.BAD_GATEWAY, "dependency-refused-credentials",
                    "A service this needs refused our credentials",
                    service + " refused this service's credentials; nothing was changed. This is a fault of the"
                            + " platform, not of your sign-in: try again later, or tell the operators.");
        }
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

    /**
     * A client for {@code service} with its timeouts, our token and the request id. Run its calls through
     * {@link #call}, or use {@link #client} instead.
     */
    public RestClient forService(String serviceName) {
        Backend backend = Binder.get(environment)
                .bindOrCreate("eldercare.clients." + serviceName, Backend.class);
        DeadlineBoundRequestFactory requestFactory = new DeadlineBoundRequestFactory();
        requestFactory.setConnectTimeout(backend.connectTimeout());
        requestFactory.setReadTimeout(backend.readTimeout());
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
                        OAuth2AuthorizedClient client;
                        // one asks the issuer while the others wait for its token: a burst of first calls (or of
                        // calls as the token expires) must not become a burst of token requests, which the issuer
                        // throttles (found by the lunch-peak benchmark)
                        tokenLock.lock();
                        try {
                            client = manager.authorize(OAuth2AuthorizeRequest
                                    .withClientRegistrationId(SERVICE_REGISTRATION)
                                    .principal(principal())
                                    .build());
                        } finally {
                            tokenLock.unlock();
                        }
                        if (client != null) {
                            request.getHeaders().setBearerAuth(client.getAccessToken().getTokenValue());
                        }
                    }
                    return execution.execute(request, body);
                });
        if (backend.url() != null) {
            return builder.baseUrl(backend.url()).build();
        }
        return builder.baseUrl("http://" + serviceName)
                .requestInterceptor(new DeferringLoadBalancerInterceptor(loadBalancer))
                .build();
    }

    /** {@code eldercare.clients.<service>.*}: where a service is, when not found through Eureka, and how long to wait. */
    record Backend(String url, @DefaultValue("1s") Duration connectTimeout, @DefaultValue("2s") Duration readTimeout) {
    }

    /** Each attempt waits no longer than the request being served has left. */
    private static final class DeadlineBoundRequestFactory extends SimpleClientHttpRequestFactory {

        @Override
        protected void prepareConnection(HttpURLConnection connection, String httpMethod) throws IOException {
            super.prepareConnection(connection, httpMethod);
            Optional<Duration> left = RequestDeadline.remaining();
            if (left.isPresent()) {
                // 0 would mean "wait forever"
                int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, left.get().toMillis()));
                connection.setConnectTimeout(Math.min(connection.getConnectTimeout(), millis));
                connection.setReadTimeout(Math.min(connection.getReadTimeout(), millis));
            }
        }
    }

    /** Runs every exchange of an {@code @HttpExchange} client through {@link #call}. */
    private final class Guarded extends HttpExchangeAdapterDecorator {

        private final String service;

        Guarded(String service, HttpExchangeAdapter delegate) {
            super(delegate);
            this.service = service;
        }

        @Override
        public void exchange(HttpRequestValues values) {
            call(service, () -> {
                super.exchange(values);
                return null;
            });
        }

        @Override
        public HttpHeaders exchangeForHeaders(HttpRequestValues values) {
            return call(service, () -> super.exchangeForHeaders(values));
        }

        @Override
        public <T> T exchangeForBody(HttpRequestValues values, ParameterizedTypeReference<T> bodyType) {
            return call(service, () -> super.exchangeForBody(values, bodyType));
        }

        @Override
        public ResponseEntity<Void> exchangeForBodilessEntity(HttpRequestValues values) {
            return call(service, () -> super.exchangeForBodilessEntity(values));
        }

        @Override
        public <T> ResponseEntity<T> exchangeForEntity(HttpRequestValues values,
                ParameterizedTypeReference<T> bodyType) {
            return call(service, () -> super.exchangeForEntity(values, bodyType));
        }
    }
}
