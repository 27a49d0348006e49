package io.eldercare.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import io.eldercare.testsupport.StubHttpServer;
import io.eldercare.testsupport.TestAuthority;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Routing through a load-balanced route to a real HTTP backend, and what the gateway must not let through. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"eureka.client.enabled=false", "management.server.port=0",
            "eldercare.gateway.rate-limit.per-second=1", "eldercare.gateway.rate-limit.burst=12",
            "eldercare.gateway.web-origins=https://app.eldercare.example", "MAX_BODY_SIZE=2KB",
            "spring.cloud.gateway.server.webflux.httpclient.response-timeout=1s",
            // as if someone turned the route-editing endpoint on: it must still not be exposed
            "management.endpoint.gateway.access=read-only"})
class GatewayRoutingTest {

    private static final List<String> BACKEND_SAW = new CopyOnWriteArrayList<>();
    private static final StubHttpServer BACKEND = StubHttpServer.start().handle("/", exchange -> {
        BACKEND_SAW.add(exchange.getRequestURI().getPath() + " id="
                + exchange.getRequestHeaders().getFirst("X-Request-Id"));
        StubHttpServer.respond(exchange, 200, "application/json", "{\"ok\":true}");
    });
    private static final StubHttpServer HANGING = StubHttpServer.start().hang("/");
    private static final String NOTHING_LISTENING = "http://127.0.0.1:" + freePort();

    @LocalServerPort
    int port;
    @org.springframework.boot.test.web.server.LocalManagementPort
    int managementPort;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void catalogInstance(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.catalog-service[0].uri",
                BACKEND::url);
        registry.add("spring.cloud.discovery.client.simple.instances.wallet-service[0].uri",
                BACKEND::url);
        registry.add("spring.cloud.discovery.client.simple.instances.settlement-service[0].uri",
                HANGING::url);
        registry.add("spring.cloud.discovery.client.simple.instances.feedback-service[0].uri",
                () -> NOTHING_LISTENING);
        registry.add("eldercare.gateway.issuer", () -> TestAuthority.get().issuer());
        registry.add("eldercare.gateway.jwk-set-uri", () -> TestAuthority.get().jwkSetUri());
    }

    @AfterAll
    static void stopBackend() {
        BACKEND.close();
        HANGING.close();
    }

    @BeforeEach
    void clear() {
        BACKEND_SAW.clear();
    }

    @Test
    void apiPathsAreRoutedToTheServiceWithTheirPrefixStrippedAndARequestId() throws Exception {
        HttpResponse<String> response = get("/api/catalog/policies/HUANGPI-2020", null);

        assertThat(response.statusCode()).isEqualTo(200);
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(BACKEND_SAW).containsExactly("/policies/HUANGPI-2020 id=" + requestId);
    }

    @Test
    void aClientsWellFormedRequestIdIsKept() throws Exception {
        HttpResponse<String> response = get("/api/catalog/items", "abc-123");

        assertThat(response.headers().firstValue("X-Request-Id")).contains("abc-123");
        assertThat(BACKEND_SAW).containsExactly("/items id=abc-123");
    }

    @Test
    void servicesActuatorAndInternalEndpointsAreNotReachableThroughTheGateway() throws Exception {
        assertThat(get("/api/catalog/actuator/health", null).statusCode()).isEqualTo(404);
        assertThat(get("/api/catalog//actuator/env", null).statusCode()).isEqualTo(404);
        assertThat(get("/api/catalog/internal/anything", null).statusCode()).isEqualTo(404);
        assertThat(get("/actuator/health", null).statusCode()).as("only on the management port").isEqualTo(404);
        assertThat(BACKEND_SAW).isEmpty();
    }

    @Test
    void internalAndActuatorPathsAreRefusedHoweverTheyAreWritten() throws Exception {
        String token = TestAuthority.get().token("DISTRICT_ADMIN");
        List<String> disguised = List.of(
                "/api/eligibility/%69nternal/privacy/reencrypt",
                "/api/catalog/%61ctuator/health",
                "/api/catalog/%41CTUATOR/env",
                "/api/catalog/%49nternal/dead-letters",
                "/api/catalog/INTERNAL/dead-letters",
                "/api/catalog/./internal/dead-letters",
                "/api/catalog//./actuator/env",
                "/api/catalog/items/../internal/dead-letters",
                "/api/catalog/items/..;/internal/dead-letters",
                "/api/catalog/items/%2e%2e/internal/dead-letters",
                "/api/catalog/items/%2E%2E/actuator/env",
                "/api/catalog/internal;x=1/dead-letters",
                "/api/catalog/%252e%252e/x/internal/y",
                "/api/catalog%2finternal/dead-letters",
                "/api/c%61talog/internal/dead-letters",
                "/api/wallet/items/%2e%2e/%2e%2e/catalog/internal/x");
        for (String path : disguised) {
            for (String authorization : java.util.Arrays.asList(null, "Bearer " + token)) {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                        .POST(HttpRequest.BodyPublishers.noBody());
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                HttpResponse<String> response = send(request.build());

                assertThat(response.statusCode()).as(path).isEqualTo(404);
                assertThat(response.headers().firstValue("Content-Type")).as(path)
                        .contains("application/problem+json");
            }
        }
        assertThat(BACKEND_SAW).isEmpty();
    }

    @Test
    void pathsAServiceMightReadDifferentlyAreRefusedWith400() throws Exception {
        String token = TestAuthority.get().token("DISTRICT_ADMIN");
        for (String path : List.of("/api/catalog/items/../policies/HUANGPI-2020", "/api/catalog/./items",
                "/api/catalog/items;jsessionid=1", "/api/catalog/a%2fb", "/api/catalog/%2e/items",
                "/api/catalog/a%25b", "/api/catalog/a%00b", "/api/catalog/%2e%2e/%2e%2e/x")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path))
                    .header("Authorization", "Bearer " + token).build());

            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.body()).as(path).contains("https://eldercare.io/problems/bad-path");
        }
        assertThat(BACKEND_SAW).isEmpty();
    }

    @Test
    void theSwaggerUiListsEveryService() throws Exception {
        HttpResponse<String> config = get("/v3/api-docs/swagger-config", null);

        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("/api/eligibility/v3/api-docs", "/api/catalog/v3/api-docs",
                "/api/workorder/v3/api-docs", "/api/wallet/v3/api-docs", "/api/settlement/v3/api-docs",
                "/api/feedback/v3/api-docs");
    }

    @Test
    void aProtectedRouteNeedsAValidTokenAndPassesItOn() throws Exception {
        HttpResponse<String> anonymous = get("/api/wallet/wallets/x", null);
        HttpResponse<String> forged = send(HttpRequest.newBuilder(uri("/api/wallet/wallets/x"))
                .header("Authorization", "Bearer " + TestAuthority.get().unsigned("DISTRICT_ADMIN")).build());
        HttpResponse<String> notAnAccessToken = send(HttpRequest.newBuilder(uri("/api/wallet/wallets/x"))
                .header("Authorization", "Bearer " + TestAuthority.get().notAnAccessToken("DISTRICT_ADMIN")).build());
        HttpResponse<String> signed = send(HttpRequest.newBuilder(uri("/api/wallet/wallets/x"))
                .header("Authorization", "Bearer " + TestAuthority.get().token("DISTRICT_ADMIN")).build());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("https://eldercare.io/problems/unauthenticated");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(notAnAccessToken.statusCode()).as("an ID token (typ JWT) is no access token").isEqualTo(401);
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(BACKEND_SAW).hasSize(1).allMatch(seen -> seen.startsWith("/wallets/x"));
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItReachesAService() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/wallet/holds"))
                .header("Authorization", "Bearer " + TestAuthority.get().token("SERVICE"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"pad\":\"" + "x".repeat(10_000) + "\"}")).build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(BACKEND_SAW).isEmpty();
    }

    @Test
    void aClientOverTheRateLimitIsToldToSlowDown() throws Exception {
        String token = TestAuthority.get().token("operator-flood", java.util.Map.of("role", "OPERATOR"));
        int limited = 0;
        for (int i = 0; i < 60; i++) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/wallet/wallets/x"))
                    .header("Authorization", "Bearer " + token).build());
            if (response.statusCode() == 429) {
                limited++;
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
            }
        }

        // 12 at once and one a second after that: however slow the machine, most of 60 are refused
        assertThat(limited).isGreaterThan(20);
        assertThat(BACKEND_SAW.size()).isEqualTo(60 - limited);
    }

    @Test
    void onlyTheWebClientsOriginMayCallFromABrowser() throws Exception {
        HttpResponse<String> allowed = send(preflight("https://app.eldercare.example"));
        HttpResponse<String> other = send(preflight("https://evil.example"));

        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
                .contains("https://app.eldercare.example");
        assertThat(other.statusCode()).isEqualTo(403);
    }

    @Test
    void theGatewaysHealthIsOpenOnItsManagementPortForProbes() throws Exception {
        HttpResponse<String> health = send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + managementPort + "/actuator/health")).build());

        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    }

    @Test
    void theGatewaysRoutesAreNotExposedOnAnyPort() throws Exception {
        String token = TestAuthority.get().token("DISTRICT_ADMIN");
        for (String base : List.of("http://localhost:" + managementPort, "http://localhost:" + port)) {
            HttpResponse<String> routes = send(HttpRequest.newBuilder(URI.create(base + "/actuator/gateway/routes"))
                    .header("Authorization", "Bearer " + token).build());

            assertThat(routes.statusCode()).as(base + " " + routes.body()).isEqualTo(404);
        }
    }

    @Test
    void responsesCarrySecurityHeaders() throws Exception {
        HttpResponse<String> response = get("/api/catalog/items", null);

        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(response.headers().firstValue("Cache-Control")).isPresent();
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIsA504ProblemDetail() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = send(authorized("/api/settlement/statements/2026-11"));

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("https://eldercare.io/problems/upstream-timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aServiceThatCannotBeReachedIsA503ProblemDetail() throws Exception {
        HttpResponse<String> refused = send(authorized("/api/feedback/complaints"));
        HttpResponse<String> unknown = send(authorized("/api/eligibility/elders/x"));

        for (HttpResponse<String> response : List.of(refused, unknown)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(response.body()).contains("https://eldercare.io/problems/service-unavailable");
        }
    }

    private HttpRequest authorized(String path) {
        String token = TestAuthority.get().token("upstream-probe", java.util.Map.of("role", "OPERATOR"));
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).build();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest preflight(String origin) {
        return HttpRequest.newBuilder(uri("/api/workorder/orders")).method("OPTIONS",
                        HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Authorization, Content-Type").build();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String requestId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
