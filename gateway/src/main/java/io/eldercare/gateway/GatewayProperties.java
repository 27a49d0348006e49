package io.eldercare.gateway;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gateway's door policy ({@code eldercare.gateway.*}).
 *
 * @param issuer expected token issuer
 * @param jwkSetUri the issuer's signing keys
 * @param audience expected token audience
 * @param accessTokenTypes the {@code typ} header values of an access token ({@code at+jwt}, RFC 9068)
 * @param webOrigins origins of the web client allowed by CORS
 * @param rateLimit per-client request rate
 */
@ConfigurationProperties("eldercare.gateway")
public record GatewayProperties(String issuer, String jwkSetUri, String audience, List<String> accessTokenTypes,
        List<String> webOrigins, RateLimit rateLimit) {

    /** Token bucket per client: {@code perSecond} refill, {@code burst} capacity. */
    public record RateLimit(int perSecond, int burst) {
    }
}
