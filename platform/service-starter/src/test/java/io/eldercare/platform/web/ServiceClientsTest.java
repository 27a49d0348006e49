package io.eldercare.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigurationProperties;
import org.springframework.cloud.client.loadbalancer.BlockingLoadBalancerInterceptor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

/** How calls to other services behave when those services refuse, fail or are slow to come up. */
class ServiceClientsTest {

    private final ServiceClients clients = new ServiceClients(
            new DefaultListableBeanFactory().getBeanProvider(BlockingLoadBalancerInterceptor.class),
            new MockEnvironment(), factory(),
            new DefaultListableBeanFactory().getBeanProvider(OAuth2AuthorizedClientManager.class));
    private final AtomicInteger calls = new AtomicInteger();

    private static Resilience4JCircuitBreakerFactory factory() {
        Resilience4JConfigurationProperties properties = new Resilience4JConfigurationProperties();
        properties.setDisableTimeLimiter(true);
        return new Resilience4JCircuitBreakerFactory(CircuitBreakerRegistry.ofDefaults(),
                TimeLimiterRegistry.ofDefaults(), null, properties);
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
}
