package io.eldercare.auth;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Issuer settings and the demo directory ({@code eldercare.auth.*}).
 *
 * @param issuer the {@code iss} of every token, and where clients find the issuer
 * @param audience the {@code aud} every platform service expects
 * @param serviceClients one client-credentials client per service, each with only the scopes it needs
 * @param webRedirectUris where the web and mobile client ({@code eldercare-web}, PKCE) may be sent back to
 * @param demoPassword the password of every demo user
 * @param users the demo users with their role and scope
 * @param throttle how often one address may try to sign in as one user, or get a token for one client
 */
@ConfigurationProperties("eldercare.auth")
public record AuthProperties(String issuer, String audience, @DefaultValue List<ServiceClient> serviceClients,
        List<String> webRedirectUris, String demoPassword, List<DemoUser> users, @DefaultValue Throttle throttle) {

    /**
     * {@code POST /login} per address and username, {@code POST /oauth2/token} per address and client: at most
     * {@code perMinute} a minute (all at once, then evenly); at most {@code maxKeys} address-and-name pairs are
     * remembered, each for {@code forgetAfter} after its last attempt (never less than the minute it takes to refill).
     */
    public record Throttle(@DefaultValue("10") int loginPerMinute, @DefaultValue("10") int tokenPerMinute,
            @DefaultValue("100000") long maxKeys, @DefaultValue("10m") Duration forgetAfter) {
    }

    /**
     * A service's own client (client credentials, role SERVICE): its id is the service's name, its secret its own, its
     * scopes what other services let it do (e.g. {@code wallet.hold}); a token gets all of them unless it asks for
     * fewer, never more.
     */
    public record ServiceClient(String id, String secret, @DefaultValue List<String> scopes) {
    }

    /** A user with one role and the scope that limits what they see. */
    public record DemoUser(String username, String role, String region, String street, String community,
            String provider, String elder, String staff) {
    }
}
