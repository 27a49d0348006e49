package io.eldercare.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Sign-in and token requests are throttled per address and name, before any password is checked. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"eldercare.auth.throttle.login-per-minute=3", "eldercare.auth.throttle.token-per-minute=3",
            "eldercare.auth.throttle.max-keys=1000"})
class SignInThrottleTest {

    @LocalServerPort
    int port;
    @Autowired
    SignInThrottle throttle;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void guessingOnePasswordFromOneAddressIsRefusedWith429AfterTheLimit() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(login("caregiver.li").statusCode());
        }
        HttpResponse<String> refused = login("caregiver.li");

        assertThat(statuses.subList(0, 3)).doesNotContain(429);
        assertThat(statuses.subList(3, 5)).containsOnly(429);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
                seconds -> assertThat(seconds).isBetween(1L, 60L));
        assertThat(refused.body()).contains("https://eldercare.io/problems/rate-limited");
        assertThat(login("assessor.huangpi").statusCode()).as("another user").isNotEqualTo(429);
    }

    @Test
    void tokenRequestsForOneClientAreRefusedWith429AfterTheLimitEvenWithTheRightSecret() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(token("feedback-service:wrong").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> refused = token("feedback-service:local-feedback-service-secret");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(token("another-client:x").statusCode()).as("another client").isEqualTo(401);
    }

    @Test
    void theWebClientsSecretlessTokenExchangesFromOneOfficeAreNeverThrottled() throws Exception {
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> exchange = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=eldercare-web"
                            + "&code=used-or-made-up&code_verifier=x&redirect_uri=http://localhost:5173/callback"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(exchange.statusCode()).as("exchange " + i).isNotEqualTo(429);
        }
    }

    @Test
    void manyAddressesAndNamesLeaveTheThrottleBounded() throws Exception {
        for (int i = 0; i < 20_000; i++) {
            MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login");
            request.setRemoteAddr("100.64." + (i >> 8 & 0xFF) + "." + (i & 0xFF));
            request.setParameter("username", "user" + i);
            throttle.doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
        }

        assertThat(throttle.trackedKeys()).isLessThanOrEqualTo(1000);
    }

    private HttpResponse<String> login(String username) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password=guess"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> token(String credentials) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
