package io.eldercare.auth;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Issuer settings and the demo directory ({@code eldercare.auth.*}).
 *
 * @param issuer the {@code iss} of every token, and where clients find the issuer
 * @param audience the {@code aud} every platform service expects
 * @param servicesClientSecret secret of the {@code eldercare-services} client (client credentials)
 * @param webRedirectUris where the web and mobile client ({@code eldercare-web}, PKCE) may be sent back to
 * @param demoPassword the password of every demo user
 * @param users the demo users with their role and scope
 */
@ConfigurationProperties("eldercare.auth")
public record AuthProperties(String issuer, String audience, String servicesClientSecret,
        List<String> webRedirectUris, String demoPassword, List<DemoUser> users) {

    /** A user with one role and the scope that limits what they see. */
    public record DemoUser(String username, String role, String region, String street, String community,
            String provider, String elder) {
    }
}
