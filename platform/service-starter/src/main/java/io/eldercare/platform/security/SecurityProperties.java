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
 * @param accessTokenTypes the {@code typ} header values of an access token (RFC 9068); the issuer's ID tokens, typed
 *     {@code JWT}, are refused. An issuer that does not type its access tokens needs this changed, and then relies on
 *     the audience alone to keep ID tokens out
 * @param publicPaths GET paths anyone may read without a token (the public catalogue)
 */
@ConfigurationProperties("eldercare.security")
public record SecurityProperties(@DefaultValue("http://localhost:9000") String issuer,
        @DefaultValue("http://localhost:9000/oauth2/jwks") String jwkSetUri, @DefaultValue("eldercare") String audience,
        @DefaultValue({"at+jwt", "application/at+jwt"}) List<String> accessTokenTypes,
        @DefaultValue List<String> publicPaths) {
}
