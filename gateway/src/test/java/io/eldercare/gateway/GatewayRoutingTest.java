package io.eldercare.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Routing through a load-balanced route to a real HTTP backend, and what the gateway must not let through. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"eureka.client.enabled=false", "management.server.port=0"})
class GatewayRoutingTest {

    private static final List<String> BACKEND_SAW = new CopyOnWriteArrayList<>();
    private static final HttpServer BACKEND = startBackend();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private static HttpServer startBackend() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                BACKEND_SAW.add(exchange.getRequestURI().getPath() + " id="
                        + exchange.getRequestHeaders().getFirst("X-Request-Id"));
                byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void catalogInstance(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.catalog-service[0].uri",
                () -> "http://127.0.0.1:" + BACKEND.getAddress().getPort());
    }

    @AfterAll
    static void stopBackend() {
        BACKEND.stop(0);
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
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(404);
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

    private HttpResponse<String> get(String path, String requestId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
