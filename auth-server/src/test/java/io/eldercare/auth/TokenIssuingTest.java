package io.eldercare.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.eldercare.testsupport.PkceLogin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The embedded issuer signs users in with PKCE and issues tokens whose claims the services authorise by. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = "server.port=0")
class TokenIssuingTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        // the issuer is whatever host and port the test server gets; tokens must name it
        registry.add("eldercare.auth.issuer", () -> "http://localhost:" + PortHolder.PORT);
        registry.add("server.port", () -> PortHolder.PORT);
        registry.add("eldercare.auth.keystore", () -> PortHolder.KEYSTORE.toString());
    }

    @Test
    void aCommunityWorkerSignsInWithPkceAndGetsTheirRoleAndCommunityForTheEldercareAudience() throws Exception {
        String token = new PkceLogin("http://localhost:" + port).accessToken("worker.qianchuan", "demo");

        Map<String, Object> claims = SignedJWT.parse(token).getJWTClaimsSet().getClaims();
        assertThat(claims).containsEntry("role", "COMMUNITY_WORKER").containsEntry("community", "HP-QIANCHUAN-01")
                .containsEntry("street", "HP-QIANCHUAN").containsEntry("iss", "http://localhost:" + port)
                .doesNotContainKey("provider");
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getAudience()).containsExactly("eldercare");
        assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    }

    @Test
    void aCaregiversTokenNamesTheirProviderAndTheirStaffRecord() throws Exception {
        String token = new PkceLogin("http://localhost:" + port).accessToken("caregiver.li", "demo");

        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getClaims()).containsEntry("role", "CAREGIVER")
                .containsEntry("provider", "1f1f0c2e-77aa-4bd4-8a9c-0a8b3c2d1e00")
                .containsEntry("staff", "c0000000-0000-4000-8000-0000000000a1");
    }

    @Test
    void anAccessTokenIsTypedAtJwtAndSignedWithTheKeystoresKey() throws Exception {
        SignedJWT token = SignedJWT.parse(new PkceLogin("http://localhost:" + port)
                .accessToken("worker.qianchuan", "demo"));

        assertThat(token.getHeader().getType()).hasToString("at+jwt");
        assertThat(token.getJWTClaimsSet().getClaims()).containsEntry("client_id", "eldercare-web");
        assertThat(PortHolder.KEYSTORE).exists();
        HttpResponse<String> jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/oauth2/jwks")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JWKSet.parse(jwks.body()).getKeyByKeyId(token.getHeader().getKeyID())).isNotNull();
        assertThat(jwks.body()).doesNotContain("\"d\"");
    }

    @Test
    void theIdTokenOfASignInIsNoAccessTokenAndAResourceServerRefusesIt() throws Exception {
        PkceLogin.Tokens tokens = new PkceLogin("http://localhost:" + port).tokens("worker.qianchuan", "demo");
        SignedJWT idToken = SignedJWT.parse(tokens.idToken());

        assertThat(idToken.getHeader().getType()).isNotEqualTo(new JOSEObjectType("at+jwt"));
        assertThat(idToken.getJWTClaimsSet().getAudience()).containsExactly("eldercare-web");
        assertThat(idToken.getJWTClaimsSet().getClaims()).doesNotContainKeys("role", "community", "client_id");

        // the rules every platform service and the gateway validate with (PlatformSecurityAutoConfiguration)
        String issuer = "http://localhost:" + port;
        NimbusJwtDecoder resourceServer = NimbusJwtDecoder.withJwkSetUri(issuer + "/oauth2/jwks")
                .jwsAlgorithm(SignatureAlgorithm.RS256).build();
        resourceServer.setJwtValidator(JwtValidators.createDefaultWithValidators(new JwtIssuerValidator(issuer),
                new JwtTypeValidator("at+jwt", "application/at+jwt"),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains("eldercare"))));

        assertThat(resourceServer.decode(tokens.accessToken()).getClaimAsString("role")).isEqualTo("COMMUNITY_WORKER");
        assertThatThrownBy(() -> resourceServer.decode(tokens.idToken())).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("typ");
    }

    @Test
    void aWrongPasswordGetsNoToken() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PkceLogin("http://localhost:" + port)
                .accessToken("worker.qianchuan", "wrong")).hasMessageContaining("login refused");
    }

    @Test
    void eachServiceHasItsOwnClientAndItsTokenCarriesOnlyTheScopesThatClientWasGranted() throws Exception {
        HttpResponse<String> workorder = clientCredentials("workorder-service", "local-workorder-service-secret", "");
        HttpResponse<String> settlement = clientCredentials("settlement-service", "local-settlement-service-secret",
                "");
        HttpResponse<String> wallet = clientCredentials("wallet-service", "local-wallet-service-secret", "");

        assertThat(List.of(workorder.statusCode(), settlement.statusCode(), wallet.statusCode()))
                .containsOnly(200);
        SignedJWT workorderToken = SignedJWT.parse(accessToken(workorder));
        assertThat(workorderToken.getHeader().getType()).hasToString("at+jwt");
        assertThat(workorderToken.getJWTClaimsSet().getClaims()).containsEntry("role", "SERVICE")
                .containsEntry("client_id", "workorder-service").containsEntry("sub", "workorder-service");
        assertThat(workorderToken.getJWTClaimsSet().getStringListClaim("scope"))
                .containsExactlyInAnyOrder("wallet.hold", "catalog.read");
        assertThat(SignedJWT.parse(accessToken(settlement)).getJWTClaimsSet().getStringListClaim("scope"))
                .containsExactly("catalog.read");
        assertThat(SignedJWT.parse(accessToken(wallet)).getJWTClaimsSet().getClaims())
                .containsEntry("client_id", "wallet-service").doesNotContainKey("scope");
    }

    @Test
    void aServiceCannotObtainAScopeItsClientWasNotGrantedNorUseAnotherServicesSecret() throws Exception {
        HttpResponse<String> walletAsksToHold = clientCredentials("wallet-service", "local-wallet-service-secret",
                "&scope=wallet.hold");
        HttpResponse<String> walletPosesAsWorkorder = clientCredentials("workorder-service",
                "local-wallet-service-secret", "");
        HttpResponse<String> sharedClientOfOld = clientCredentials("eldercare-services", "local-services-secret", "");

        assertThat(walletAsksToHold.statusCode()).isEqualTo(400);
        assertThat(walletAsksToHold.body()).contains("invalid_scope");
        assertThat(walletPosesAsWorkorder.statusCode()).isEqualTo(401);
        assertThat(sharedClientOfOld.statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> clientCredentials(String client, String secret, String extra) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (client + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials" + extra)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String accessToken(HttpResponse<String> response) {
        return response.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void theWebClientCannotUseClientCredentials() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=eldercare-web"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isIn(400, 401);
    }

    /** A free port chosen before the context starts, so that the issuer URL can name it. */
    static final class PortHolder {
        static final int PORT = freePort();
        static final java.nio.file.Path KEYSTORE = keystore();

        private static java.nio.file.Path keystore() {
            try {
                java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("issuer-keys");
                java.nio.file.Path keystore = directory.resolve("issuer-keys.p12");
                directory.toFile().deleteOnExit();
                keystore.toFile().deleteOnExit();
                return keystore;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static int freePort() {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
