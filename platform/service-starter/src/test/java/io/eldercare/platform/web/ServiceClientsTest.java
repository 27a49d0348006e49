package io.eldercare.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.eldercare.platform.messaging.TraceIds;
import io.eldercare.testsupport.ConnectionResetServer;
import io.eldercare.testsupport.StubHttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.loadbalancer.BlockingLoadBalancerInterceptor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.service.annotation.GetExchange;

/** How calls to other services behave when those services refuse, fail, hang or are slow to come up. */
class ServiceClientsTest {

    /** The registries resilience4j's Boot auto-configuration builds from the platform defaults and YAML. */
    private static final ConfigurableApplicationContext RESILIENCE = new SpringApplicationBuilder(Resilience.class)
            .web(WebApplicationType.NONE)
            .properties("resilience4j.retry.instances.failing-service.wait-duration=10ms",
                    "eldercare.clients.slow-service.read-timeout=200ms")
            .run();
    private static final Map<String, Object> URLS = new ConcurrentHashMap<>();

    static {
        RESILIENCE.getEnvironment().getPropertySources().addFirst(new MapPropertySource("stubs", URLS));
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({CircuitBreakerAutoConfiguration.class, RetryAutoConfiguration.class})
    static class Resilience {
    }

    private final CircuitBreakerRegistry breakers = RESILIENCE.getBean(CircuitBreakerRegistry.class);
    private final ServiceClients clients = new ServiceClients(
            new DefaultListableBeanFactory().getBeanProvider(BlockingLoadBalancerInterceptor.class),
            RESILIENCE.getEnvironment(), breakers, RESILIENCE.getBean(RetryRegistry.class), serviceToken(),
            new DefaultListableBeanFactory().getBeanProvider(OAuth2AuthorizedClientService.class));
    private final AtomicInteger calls = new AtomicInteger();
    private final List<AutoCloseable> stubs = new CopyOnWriteArrayList<>();

    /** What a catalog answers, as far as this caller reads it. */
    record Item(String code, String name) {
    }

    /** A declarative client as a service writes one. */
    interface CatalogApi {
        @GetExchange("/items/{code}")
        Item item(@PathVariable String code);
    }

    /** A service's endpoint that needs the catalog. */
    @RestController
    static class QuoteController {
        private final CatalogApi catalog;

        QuoteController(CatalogApi catalog) {
            this.catalog = catalog;
        }

        @GetMapping("/quotes/{code}")
        String quote(@PathVariable String code) {
            return catalog.item(code).name();
        }
    }

    @AfterEach
    void stopStubs() throws Exception {
        for (AutoCloseable stub : stubs) {
            stub.close();
        }
        MDC.clear();
    }

    @AfterAll
    static void closeContext() {
        RESILIENCE.close();
    }

    @Test
    void aHangingDependencyIsAnswered503WithinTheRequestDeadline() throws Exception {
        StubHttpServer catalog = stub(StubHttpServer.start().hang("/"));
        URLS.put("eldercare.clients.hanging-service.url", catalog.url());
        Duration deadline = RESILIENCE.getEnvironment().getProperty("eldercare.clients.request-deadline",
                Duration.class);
        MockMvc service = MockMvcBuilders
                .standaloneSetup(new QuoteController(clients.client("hanging-service", CatalogApi.class)))
                .setControllerAdvice(new ProblemDetailsAdvice())
                .addFilters(new RequestDeadlineFilter(deadline))
                .build();

        Instant start = Instant.now();
        service.perform(get("/quotes/HP-HAIRCUT"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(ProblemDetailsAdvice.TYPE_BASE + "dependency-unavailable"))
                .andExpect(jsonPath("$.detail").value(
                        "hanging-service did not answer; nothing was changed. Try again in a minute."));

        assertThat(deadline).isEqualTo(Duration.ofMillis(2500));
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void callsOutsideARequestWaitOnlyTheirOwnTimeoutsAndAreRetried() {
        StubHttpServer slow = stub(StubHttpServer.start().handle("/", exchange -> {
            calls.incrementAndGet();
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        }));
        URLS.put("eldercare.clients.slow-service.url", slow.url());
        CatalogApi catalog = clients.client("slow-service", CatalogApi.class);

        assertThatThrownBy(() -> catalog.item("HP-HAIRCUT")).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
        // a 200 ms read timeout each, 200 + 400 ms between the three attempts
        assertThat(calls).hasValue(3);
    }

    @Test
    void theBreakerOpensAfterTenFailedCallsAndThenFailsFastWithoutCallingTheDependency() {
        StubHttpServer failing = stub(StubHttpServer.start().handle("/", exchange -> {
            calls.incrementAndGet();
            StubHttpServer.respond(exchange, 500, "text/plain", "boom");
        }));
        URLS.put("eldercare.clients.failing-service.url", failing.url());
        CatalogApi catalog = clients.client("failing-service", CatalogApi.class);

        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> catalog.item("HP-HAIRCUT")).isInstanceOfSatisfying(DomainException.class,
                    e -> assertThat(e.problem()).isEqualTo("dependency-unavailable"));
        }
        assertThat(calls).as("ten failed attempts, then no more").hasValue(10);
        assertThat(breakers.circuitBreaker("failing-service").getState()).isEqualTo(CircuitBreaker.State.OPEN);

        Instant start = Instant.now();
        assertThatThrownBy(() -> catalog.item("HP-HAIRCUT")).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(e.problem()).isEqualTo("dependency-unavailable");
        });
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofMillis(100));
        assertThat(calls).hasValue(10);
    }

    @Test
    void aServiceThatRefusesOurCachedTokenIsCalledOnceMoreWithAFreshOne() {
        Issuer issuer = new Issuer();
        List<String> presented = new CopyOnWriteArrayList<>();
        StubHttpServer wallet = stub(StubHttpServer.start().handle("/items/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            presented.add(authorization);
            if ("Bearer token-1".equals(authorization)) {
                // signed with a key the restarted issuer no longer publishes
                StubHttpServer.respond(exchange, 401, "application/problem+json", UNAUTHENTICATED);
            } else {
                StubHttpServer.respond(exchange, 200, "application/json", "{\"code\":\"HP-HAIRCUT\",\"name\":\"理发\"}");
            }
        }));
        URLS.put("eldercare.clients.rekeyed-service.url", wallet.url());
        CatalogApi api = issuer.clients().client("rekeyed-service", CatalogApi.class);

        assertThat(api.item("HP-HAIRCUT").name()).isEqualTo("理发");
        assertThat(api.item("HP-HAIRCUT").name()).isEqualTo("理发");

        assertThat(presented).containsExactly("Bearer token-1", "Bearer token-2", "Bearer token-2");
        assertThat(issuer.issued()).as("the fresh token is cached again").hasValue(2);
    }

    @Test
    void manyFirstCallsAtOnceAskTheIssuerForOneServiceTokenAndShareIt() throws Exception {
        // found by the lunch-peak benchmark: sixteen first calls at once asked for sixteen tokens, and the issuer's
        // throttle (ten a minute per client) refused the rest for a minute
        Issuer issuer = new Issuer(200);
        StubHttpServer catalog = stub(StubHttpServer.start().handle("/items/", exchange -> StubHttpServer.respond(
                exchange, 200, "application/json", "{\"code\":\"HP-HAIRCUT\",\"name\":\"理发\"}")));
        URLS.put("eldercare.clients.busy-service.url", catalog.url());
        CatalogApi api = issuer.clients().client("busy-service", CatalogApi.class);
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(12);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            answers.add(pool.submit(() -> {
                together.await();
                return api.item("HP-HAIRCUT").name();
            }));
        }
        for (java.util.concurrent.Future<String> answer : answers) {
            assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("理发");
        }
        pool.shutdown();

        assertThat(issuer.issued()).hasValue(1);
    }

    @Test
    void aRefusedServiceTokenIsA502AndNeverTheCallersSignIn() {
        Issuer issuer = new Issuer();
        StubHttpServer wallet = stub(StubHttpServer.start().handle("/", exchange -> {
            calls.incrementAndGet();
            StubHttpServer.respond(exchange, 401, "application/problem+json", UNAUTHENTICATED);
        }));
        URLS.put("eldercare.clients.refusing-service.url", wallet.url());

        assertThatThrownBy(() -> issuer.clients().client("refusing-service", CatalogApi.class).item("HP-HAIRCUT"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
                    assertThat(e.problem()).isEqualTo("dependency-refused-credentials");
                    assertThat(e.getMessage()).doesNotContain("signed in").contains("refusing-service");
                });
        assertThat(calls).as("once with the cached token, once with a fresh one").hasValue(2);
        assertThat(issuer.issued()).hasValue(2);
    }

    @Test
    void aForbiddenServiceTokenIsNotTriedAgain() {
        Issuer issuer = new Issuer();
        StubHttpServer wallet = stub(StubHttpServer.start().handle("/", exchange -> {
            calls.incrementAndGet();
            StubHttpServer.respond(exchange, 403, "application/problem+json",
                    "{\"type\":\"https://eldercare.io/problems/forbidden\",\"status\":403}");
        }));
        URLS.put("eldercare.clients.forbidding-service.url", wallet.url());

        assertThatThrownBy(() -> issuer.clients().client("forbidding-service", CatalogApi.class).item("HP-HAIRCUT"))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.problem()).isEqualTo("dependency-refused-credentials"));
        assertThat(calls).hasValue(1);
        assertThat(issuer.issued()).hasValue(1);
    }

    private static final String UNAUTHENTICATED = "{\"type\":\"https://eldercare.io/problems/unauthenticated\","
            + "\"title\":\"Not signed in\",\"status\":401,\"detail\":\"A valid access token is required.\"}";

    /**
     * A token endpoint granting {@code token-1}, {@code token-2}, … by client credentials, and service clients that
     * get and cache their tokens from it as a service does (an {@link OAuth2AuthorizedClientService}).
     */
    private final class Issuer {
        private final AtomicInteger issued = new AtomicInteger();
        private final InMemoryOAuth2AuthorizedClientService cache;
        private final OAuth2AuthorizedClientManager manager;

        Issuer() {
            this(0);
        }

        /** An issuer that takes {@code answerAfterMillis} to answer a token request (a busy one). */
        Issuer(long answerAfterMillis) {
            StubHttpServer server = stub(StubHttpServer.start().handle("/oauth2/token", exchange -> {
                try {
                    Thread.sleep(answerAfterMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                StubHttpServer.respond(exchange, 200, "application/json",
                        "{\"access_token\":\"token-%d\",\"token_type\":\"Bearer\",\"expires_in\":600}"
                                .formatted(issued.incrementAndGet()));
            }));
            ClientRegistration registration = ClientRegistration
                    .withRegistrationId(ServiceClients.SERVICE_REGISTRATION).clientId("eldercare-services")
                    .clientSecret("secret").authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .tokenUri(server.url() + "/oauth2/token").build();
            InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
            cache = new InMemoryOAuth2AuthorizedClientService(registrations);
            manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, cache);
        }

        AtomicInteger issued() {
            return issued;
        }

        ServiceClients clients() {
            DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
            beans.registerSingleton("tokens", manager);
            beans.registerSingleton("cachedTokens", cache);
            return new ServiceClients(
                    new DefaultListableBeanFactory().getBeanProvider(BlockingLoadBalancerInterceptor.class),
                    RESILIENCE.getEnvironment(), breakers, RESILIENCE.getBean(RetryRegistry.class),
                    beans.getBeanProvider(OAuth2AuthorizedClientManager.class),
                    beans.getBeanProvider(OAuth2AuthorizedClientService.class));
        }
    }

    @Test
    void aConnectionResetMidRequestIsA503() {
        ConnectionResetServer dropping = stub(ConnectionResetServer.start());
        URLS.put("eldercare.clients.resetting-service.url", dropping.url());

        assertThatThrownBy(() -> clients.client("resetting-service", CatalogApi.class).item("HP-HAIRCUT"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(e.problem()).isEqualTo("dependency-unavailable");
                });
        assertThat(dropping.accepted()).isPositive();
    }

    @Test
    void aRefusalIsPassedOnInTheDependencysWordsAndDoesNotOpenTheBreaker() {
        StubHttpServer catalog = stub(StubHttpServer.start().handle("/", exchange -> {
            calls.incrementAndGet();
            StubHttpServer.respond(exchange, 404, "application/problem+json",
                    "{\"type\":\"https://eldercare.io/problems/not-found\",\"title\":\"Service item not found\","
                            + "\"status\":404,\"detail\":\"Service item HP-MASSAGE does not exist\"}");
        }));
        URLS.put("eldercare.clients.refusal-service.url", catalog.url());
        CatalogApi api = clients.client("refusal-service", CatalogApi.class);

        for (int i = 0; i < 15; i++) {
            assertThatThrownBy(() -> api.item("HP-MASSAGE")).isInstanceOfSatisfying(DomainException.class, e -> {
                assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND);
                assertThat(e.problem()).isEqualTo("not-found");
                assertThat(e.title()).isEqualTo("Service item not found");
                assertThat(e.getMessage()).isEqualTo("Service item HP-MASSAGE does not exist");
            });
        }
        assertThat(calls).as("neither retried nor cut off").hasValue(15);
        CircuitBreaker breaker = breakers.circuitBreaker("refusal-service");
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void anHttpExchangeClientCallsThroughWithOurBearerTokenAndTheRequestId() {
        Map<String, String> seen = new ConcurrentHashMap<>();
        StubHttpServer catalog = stub(StubHttpServer.start().handle("/items/", exchange -> {
            seen.put("path", exchange.getRequestURI().getPath());
            seen.put("authorization", exchange.getRequestHeaders().getFirst("Authorization"));
            seen.put("request-id", exchange.getRequestHeaders().getFirst(TraceIds.HTTP_HEADER));
            // a field this caller does not know yet must not break it
            StubHttpServer.respond(exchange, 200, "application/json",
                    "{\"code\":\"HP-HAIRCUT\",\"name\":\"理发\",\"addedLater\":true}");
        }));
        URLS.put("eldercare.clients.catalog-service.url", catalog.url());
        MDC.put(TraceIds.MDC_KEY, "req-42");

        Item item = clients.client("catalog-service", CatalogApi.class).item("HP-HAIRCUT");

        assertThat(item).isEqualTo(new Item("HP-HAIRCUT", "理发"));
        assertThat(seen).containsEntry("path", "/items/HP-HAIRCUT")
                .containsEntry("authorization", "Bearer service-token")
                .containsEntry("request-id", "req-42");
    }

    @Test
    void everyBackendGetsThePlatformDefaultsUnlessItsYamlSaysOtherwise() {
        CircuitBreakerConfig breaker = breakers.circuitBreaker("any-service").getCircuitBreakerConfig();
        RetryRegistry retries = RESILIENCE.getBean(RetryRegistry.class);
        RetryConfig retry = retries.retry("any-service").getRetryConfig();
        RetryConfig tuned = retries.retry("failing-service").getRetryConfig();

        assertThat(breaker.getSlidingWindowSize()).isEqualTo(10);
        assertThat(breaker.getMinimumNumberOfCalls()).isEqualTo(10);
        assertThat(breaker.getFailureRateThreshold()).isEqualTo(50f);
        assertThat(retry.getMaxAttempts()).isEqualTo(3);
        assertThat(retry.<Object>getIntervalBiFunction().apply(1, null)).isEqualTo(200L);
        assertThat(retry.<Object>getIntervalBiFunction().apply(2, null)).isEqualTo(400L);
        assertThat(tuned.<Object>getIntervalBiFunction().apply(1, null)).isEqualTo(10L);
        assertThat(tuned.getExceptionPredicate().test(new ResourceAccessException("reset"))).isTrue();
        assertThat(tuned.getExceptionPredicate().test(HttpClientErrorException.create(HttpStatus.CONFLICT, "",
                HttpHeaders.EMPTY, new byte[0], StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void anotherServicesRefusalIsPassedOnInItsOwnWordsWithoutRetrying() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = """
                {"type":"https://eldercare.io/problems/not-found","title":"Service item not found","status":404,
                 "detail":"Service item HP-MASSAGE does not exist"}""".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> clients.call("catalog-service", () -> {
            calls.incrementAndGet();
            throw HttpClientErrorException.create(HttpStatus.NOT_FOUND, "Not Found", headers, body,
                    StandardCharsets.UTF_8);
        })).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(e.problem()).isEqualTo("not-found");
            assertThat(e.getMessage()).isEqualTo("Service item HP-MASSAGE does not exist");
        });
        assertThat(calls).hasValue(1);
    }

    @Test
    void aServerErrorIsRetriedThenReportedAsUnavailable() {
        assertThatThrownBy(() -> clients.call("wallet-service", () -> {
            calls.incrementAndGet();
            throw HttpServerErrorException.create(HttpStatus.SERVICE_UNAVAILABLE, "down", HttpHeaders.EMPTY,
                    new byte[0], StandardCharsets.UTF_8);
        })).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(e.problem()).isEqualTo("dependency-unavailable");
        });
        assertThat(calls).hasValue(3);
    }

    @Test
    void aCallThatFailsOnceToConnectSucceedsOnTheRetry() {
        String answer = clients.call("wallet-service", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new ResourceAccessException("connection refused");
            }
            return "held";
        });

        assertThat(answer).isEqualTo("held");
        assertThat(calls).hasValue(2);
    }

    private <T extends AutoCloseable> T stub(T stub) {
        stubs.add(stub);
        return stub;
    }

    private static org.springframework.beans.factory.ObjectProvider<OAuth2AuthorizedClientManager> serviceToken() {
        ClientRegistration registration = ClientRegistration.withRegistrationId(ServiceClients.SERVICE_REGISTRATION)
                .clientId("eldercare-services").authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .tokenUri("http://127.0.0.1:1/oauth2/token").build();
        OAuth2AuthorizedClientManager manager = request -> new OAuth2AuthorizedClient(registration,
                request.getPrincipal().getName(), new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
                        "service-token", Instant.now(), Instant.now().plusSeconds(300)));
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("tokens", manager);
        return beans.getBeanProvider(OAuth2AuthorizedClientManager.class);
    }
}
