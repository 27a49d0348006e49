package io.eldercare.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import io.eldercare.testsupport.ServiceTest;
import io.eldercare.testsupport.TestAuthority;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * Broken authentication (OWASP API2): every way of presenting a token that is not the issuer's own, current, for
 * us and signed RS256 is refused with 401. The rules live in platform/, so one service proves them for all.
 */
@ServiceTest
class TokenValidationTest {

    private static final TestAuthority AUTHORITY = TestAuthority.get();

    @LocalServerPort
    int port;

    static java.util.stream.Stream<Arguments> badTokens() {
        return java.util.stream.Stream.of(
                Arguments.of("alg none (unsigned)", AUTHORITY.unsigned("DISTRICT_ADMIN")),
                Arguments.of("expired", AUTHORITY.expired("DISTRICT_ADMIN")),
                Arguments.of("another issuer", AUTHORITY.fromAnotherIssuer("DISTRICT_ADMIN")),
                Arguments.of("another audience", AUTHORITY.forAnotherAudience("DISTRICT_ADMIN")),
                Arguments.of("unknown key id", AUTHORITY.withUnknownKey("DISTRICT_ADMIN")),
                Arguments.of("not an access token (typ JWT, as ID tokens are)",
                        AUTHORITY.notAnAccessToken("DISTRICT_ADMIN")),
                Arguments.of("HS256 signed with the public key", AUTHORITY.hs256WithThePublicKey("DISTRICT_ADMIN")),
                Arguments.of("no role", AUTHORITY.token("someone", Map.of())),
                Arguments.of("unknown role", AUTHORITY.token("someone", Map.of("role", "ROOT"))),
                Arguments.of("garbage", "not.a.token"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("badTokens")
    void aTokenThatIsNotValidForUsIsRefused(String why, String token) {
        ResponseEntity<Map<String, Object>> response = get(token);

        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/unauthenticated");
    }

    @Test
    void noTokenIsRefused() {
        assertThat(get(null).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void aValidTokenIsAccepted() {
        assertThat(get(AUTHORITY.token("DISTRICT_ADMIN")).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void healthIsOpenForProbes() {
        assertThat(RestClient.create("http://localhost:" + port).get().uri("/actuator/health").retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(200);
    }

    private ResponseEntity<Map<String, Object>> get(String token) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build()
                .get().uri("/applications/{id}", UUID.randomUUID())
                .headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                })
                .retrieve().toEntity(new ParameterizedTypeReference<>() { });
    }
}
