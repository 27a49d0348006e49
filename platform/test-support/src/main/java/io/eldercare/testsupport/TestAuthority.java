package io.eldercare.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real token issuer for tests, one per JVM: it publishes its signing key at {@code /oauth2/jwks} over HTTP, grants
 * client-credentials tokens at {@code /oauth2/token} (role SERVICE), and mints user tokens for any role and scope.
 * Its tokens are access tokens ({@code typ: at+jwt}). It can also forge the bad tokens the negative suite needs.
 */
public final class TestAuthority {

    /** The {@code typ} of access tokens (RFC 9068), which the services and the gateway require. */
    private static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt");

    private static TestAuthority instance;

    private final RSAKey key;
    private final RSAKey strangerKey;
    private final StubHttpServer server;

    private TestAuthority() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-key-1").generate();
            strangerKey = new RSAKeyGenerator(2048).keyID("unknown-key").generate();
            server = StubHttpServer.start()
                    .json("/oauth2/jwks", new JWKSet(key.toPublicJWK()).toString())
                    .handle("/oauth2/token", exchange -> StubHttpServer.respond(exchange, 200, "application/json", """
                            {"access_token":"%s","token_type":"Bearer","expires_in":3600}"""
                            .formatted(service("workorder-service", "wallet.hold", "catalog.read"))));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static synchronized TestAuthority get() {
        if (instance == null) {
            instance = new TestAuthority();
        }
        return instance;
    }

    public String issuer() {
        return server.url();
    }

    public String jwkSetUri() {
        return issuer() + "/oauth2/jwks";
    }

    /** A valid token for a user with a role and scope claims ({@code community}, {@code provider}, …). */
    public String token(String subject, Map<String, Object> claims) {
        return sign(key, JWSAlgorithm.RS256, claims(subject, claims, issuer(), "eldercare",
                Instant.now().plus(Duration.ofHours(1))));
    }

    /**
     * A service's client-credentials token with the OAuth scopes its client was granted (e.g. the work-order
     * service's {@code wallet.hold}); the subject and {@code client_id} are the service's name.
     */
    public String service(String client, String... scopes) {
        return token(client, Map.of("role", "SERVICE", "client_id", client, "scope", String.join(" ", scopes)));
    }

    /**
     * A valid token for a role without scope, e.g. DISTRICT_ADMIN; for SERVICE the work-order service's (the one
     * service that calls others).
     */
    public String token(String role) {
        if (role.equals("SERVICE")) {
            return service("workorder-service", "wallet.hold", "catalog.read");
        }
        // region-wide roles are bounded by their region: a Huangpi user unless a test says otherwise
        return token(role.toLowerCase() + "-" + UUID.randomUUID(), switch (role) {
            case "DISTRICT_ADMIN", "OPERATOR", "AUDITOR", "ASSESSOR" -> Map.of("role", role, "region", "HUANGPI");
            default -> Map.of("role", role);
        });
    }

    public String expired(String role) {
        return sign(key, JWSAlgorithm.RS256, claims("user", Map.of("role", role), issuer(), "eldercare",
                Instant.now().minus(Duration.ofMinutes(10))));
    }

    public String fromAnotherIssuer(String role) {
        return sign(key, JWSAlgorithm.RS256, claims("user", Map.of("role", role), "https://evil.example",
                "eldercare", Instant.now().plus(Duration.ofHours(1))));
    }

    public String forAnotherAudience(String role) {
        return sign(key, JWSAlgorithm.RS256, claims("user", Map.of("role", role), issuer(), "another-app",
                Instant.now().plus(Duration.ofHours(1))));
    }

    /** Signed by a key the issuer never published. */
    public String withUnknownKey(String role) {
        return sign(strangerKey, JWSAlgorithm.RS256, claims("user", Map.of("role", role), issuer(), "eldercare",
                Instant.now().plus(Duration.ofHours(1))));
    }

    /**
     * A JWT that is not an access token: every claim a service checks is right (as the issuer once put them into ID
     * tokens too), but its header says {@code typ: JWT} rather than {@code at+jwt} (RFC 9068).
     */
    public String notAnAccessToken(String role) {
        return sign(key, JWSAlgorithm.RS256, JOSEObjectType.JWT, claims("user", Map.of("role", role), issuer(),
                "eldercare", Instant.now().plus(Duration.ofHours(1))));
    }

    /** {@code alg: none}: no signature at all. */
    public String unsigned(String role) {
        return new PlainJWT(claims("user", Map.of("role", role), issuer(), "eldercare",
                Instant.now().plus(Duration.ofHours(1)))).serialize();
    }

    /** The classic key-confusion attack: HS256 with the issuer's public key as the HMAC secret. */
    public String hs256WithThePublicKey(String role) {
        try {
            byte[] secret = key.toPublicJWK().toRSAPublicKey().getEncoded();
            byte[] padded = secret.length >= 32 ? secret : Arrays.copyOf(secret, 32);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID())
                    .type(ACCESS_TOKEN).build(),
                    claims("user", Map.of("role", role), issuer(), "eldercare",
                            Instant.now().plus(Duration.ofHours(1))));
            jwt.sign(new MACSigner(padded));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet claims(String subject, Map<String, Object> extra, String issuer, String audience,
            Instant expiry) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject(subject).issuer(issuer)
                .audience(List.of(audience)).issueTime(Date.from(expiry.minus(Duration.ofHours(1))))
                .expirationTime(Date.from(expiry)).jwtID(UUID.randomUUID().toString());
        extra.forEach((name, value) -> builder.claim(name, value instanceof UUID ? value.toString() : value));
        return builder.build();
    }

    private static String sign(RSAKey signingKey, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        return sign(signingKey, algorithm, ACCESS_TOKEN, claims);
    }

    private static String sign(RSAKey signingKey, JWSAlgorithm algorithm, JOSEObjectType type, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(signingKey.getKeyID()).type(type)
                    .build(), claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
