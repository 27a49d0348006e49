package io.eldercare.gateway;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's door policy ({@code eldercare.gateway.*}).
 *
 * @param issuer expected token issuer
 * @param jwkSetUri the issuer's signing keys
 * @param audience expected token audience
 * @param accessTokenTypes the {@code typ} header values of an access token ({@code at+jwt}, RFC 9068)
 * @param webOrigins origins of the web client allowed by CORS
 * @param rateLimit per-client request rate
 * @param trustedProxies addresses or CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8}) of the load balancers and
 *     proxies in front of the gateway: only when the direct peer is one of them is {@code X-Forwarded-For} read, and
 *     then the right-most address that is not one of them is the client. Empty (the default): the peer's address.
 */
@ConfigurationProperties("eldercare.gateway")
public record GatewayProperties(String issuer, String jwkSetUri, String audience, List<String> accessTokenTypes,
        List<String> webOrigins, RateLimit rateLimit, @DefaultValue List<String> trustedProxies) {

    /**
     * Token bucket per client: {@code perSecond} refill, {@code burst} capacity; at most {@code maxClients} buckets
     * are kept, each forgotten {@code forgetAfter} after its client's last request (never sooner than it takes to
     * refill, so forgetting never loosens the limit).
     */
    public record RateLimit(int perSecond, int burst, @DefaultValue("100000") long maxClients,
            @DefaultValue("10m") Duration forgetAfter) {
    }
}
