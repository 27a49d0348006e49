package io.eldercare.platform.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token validation of a service ({@code eldercare.security.*}); production points these at any OIDC issuer.
 *
 * @param issuer the expected {@code iss}
 * @param jwkSetUri where the issuer publishes its signing keys (rotated keys are fetched by key id)
 * @param audience the expected {@code aud}
 * @param publicPaths GET paths anyone may read without a token (the public catalogue)
 */
@ConfigurationProperties("eldercare.security")
public record SecurityProperties(@DefaultValue("http://localhost:9000") String issuer,
        @DefaultValue("http://localhost:9000/oauth2/jwks") String jwkSetUri, @DefaultValue("eldercare") String audience,
        @DefaultValue List<String> publicPaths) {
}
