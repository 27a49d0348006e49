package io.eldercare.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/** The issuer's keys live in a PKCS12 keystore: they survive a restart, rotate, and old ones stay published a while. */
class SigningKeysTest {

    private static final char[] PASSWORD = "test-keystore-password".toCharArray();
    private static final Duration ROTATION = Duration.ofDays(90);
    private static final Duration RETENTION = Duration.ofHours(1);

    @TempDir
    Path directory;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T08:00:00Z"));

    @Test
    void theKeystoreIsCreatedOnFirstStartAndATokenFromBeforeARestartValidatesAfterIt() throws Exception {
        Path keystore = directory.resolve("auth").resolve("issuer-keys.p12");
        SigningKeys first = open(keystore);
        String token = sign(first);

        clock.advance(Duration.ofMinutes(5));
        SigningKeys afterRestart = open(keystore);

        assertThat(keystore).exists();
        assertThat(afterRestart.signingKey().getKeyID()).isEqualTo(first.signingKey().getKeyID());
        assertThat(validatesAgainst(token, jwks(afterRestart))).isTrue();
        assertThat(aliases(keystore)).hasSize(1);
    }

    @Test
    void aKeyOlderThanTheRotationPeriodIsReplacedAndStaysPublishedUntilItsTokensHaveExpired() throws Exception {
        Path keystore = directory.resolve("issuer-keys.p12");
        SigningKeys before = open(keystore);
        String oldKid = before.signingKey().getKeyID();
        String oldToken = sign(before);

        clock.advance(ROTATION.plusMinutes(1));
        SigningKeys rotated = open(keystore);
        String newToken = sign(rotated);

        assertThat(rotated.signingKey().getKeyID()).isNotEqualTo(oldKid);
        assertThat(SignedJWT.parse(newToken).getHeader().getKeyID()).isEqualTo(rotated.signingKey().getKeyID());
        assertThat(JWKSet.parse(jwks(rotated)).getKeys()).extracting(JWK::getKeyID)
                .containsExactly(rotated.signingKey().getKeyID(), oldKid);
        assertThat(validatesAgainst(oldToken, jwks(rotated))).as("a token of the previous key").isTrue();
        assertThat(validatesAgainst(newToken, jwks(rotated))).isTrue();
        assertThat(aliases(keystore)).hasSize(2);

        clock.advance(RETENTION.plusSeconds(1));
        assertThat(JWKSet.parse(jwks(rotated)).getKeys()).as("published no longer, without a restart")
                .extracting(JWK::getKeyID).containsExactly(rotated.signingKey().getKeyID());
        SigningKeys later = open(keystore);
        assertThat(later.signingKey().getKeyID()).isEqualTo(rotated.signingKey().getKeyID());
        assertThat(aliases(keystore)).as("retired from the keystore").containsExactly(rotated.signingKey().getKeyID());
        assertThat(validatesAgainst(oldToken, jwks(later))).isFalse();
    }

    @Test
    void aZeroRotationPeriodAddsAKeyAtThisStart() throws Exception {
        Path keystore = directory.resolve("issuer-keys.p12");
        String first = open(keystore).signingKey().getKeyID();

        clock.advance(Duration.ofSeconds(1));
        SigningKeys rotated = SigningKeys.open(keystore, PASSWORD, Duration.ZERO, RETENTION, clock);

        assertThat(rotated.signingKey().getKeyID()).isNotEqualTo(first);
        assertThat(JWKSet.parse(jwks(rotated)).getKeys()).extracting(JWK::getKeyID).contains(first);
    }

    @Test
    void theJwksPublishesPublicKeysOnly() throws Exception {
        SigningKeys keys = open(directory.resolve("issuer-keys.p12"));

        assertThat(JWKSet.parse(jwks(keys)).getKeys()).allSatisfy(key -> assertThat(key.isPrivate()).isFalse());
        assertThat(jwks(keys)).doesNotContain("\"d\"");
    }

    private SigningKeys open(Path keystore) {
        return SigningKeys.open(keystore, PASSWORD, ROTATION, RETENTION, clock);
    }

    /** Signed as the issuer signs: through its encoder, which picks the signing key among those published. */
    private static String sign(SigningKeys keys) {
        return new SigningKeyConfig().jwtEncoder(keys).encode(JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.RS256).type("at+jwt").build(),
                JwtClaimsSet.builder().subject("someone").issuedAt(Instant.now())
                        .expiresAt(Instant.now().plusSeconds(600)).build())).getTokenValue();
    }

    /** What {@code /oauth2/jwks} serves. */
    private static String jwks(SigningKeys keys) {
        return new JWKSet(keys.published()).toString();
    }

    private static boolean validatesAgainst(String token, String jwks) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        JWK key = JWKSet.parse(jwks).getKeyByKeyId(jwt.getHeader().getKeyID());
        return key != null && jwt.verify(new RSASSAVerifier(key.toRSAKey()));
    }

    private static List<String> aliases(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        return Collections.list(store.aliases());
    }

    /** A clock the test moves forward. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
