package io.eldercare.auth;

import com.nimbusds.jose.jwk.JWK;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncodingException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The signing keys ({@link SigningKeys}) from the configured keystore, published at {@code /oauth2/jwks}; the
 * encoder signs with the newest of them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SigningKeyProperties.class)
class SigningKeyConfig {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyConfig.class);

    @Bean
    SigningKeys signingKeys(SigningKeyProperties properties) {
        if (properties.keystore() == null || properties.keystore().isBlank()) {
            log.warn("eldercare.auth.keystore is not set: the signing key lives in memory only, so tokens are"
                    + " refused after a restart. Set it for anything but a test.");
            return SigningKeys.ephemeral(Clock.systemUTC());
        }
        if (properties.keystorePassword() == null || properties.keystorePassword().isEmpty()) {
            throw new IllegalStateException("eldercare.auth.keystore-password is required with eldercare.auth.keystore");
        }
        return SigningKeys.open(Path.of(properties.keystore()), properties.keystorePassword().toCharArray(),
                properties.keyRotation(), properties.keyRetention(), Clock.systemUTC());
    }

    /** Every published key matches a signing request; the newest signs, the older ones only still verify. */
    @Bean
    JwtEncoder jwtEncoder(SigningKeys keys) {
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(keys);
        encoder.setJwkSelector(candidates -> candidates.stream()
                .filter(key -> key.getKeyID().equals(keys.signingKey().getKeyID()))
                .filter(JWK::isPrivate)
                .findFirst()
                .orElseThrow(() -> new JwtEncodingException("the signing key is not among " + candidates)));
        return encoder;
    }
}
