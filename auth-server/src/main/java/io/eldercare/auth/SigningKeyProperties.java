package io.eldercare.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the issuer keeps its signing keys and how it rotates them ({@code eldercare.auth.keystore*},
 * {@code eldercare.auth.key-*}).
 *
 * @param keystore a PKCS12 keystore file; created with a first key if missing and writable. Unset: one key generated
 *     in memory at each start (tokens do not survive a restart; for tests only)
 * @param keystorePassword the keystore's password, also the password of its keys
 * @param keyRotation at start, a new key is added and signs from then on when the newest key is older than this;
 *     {@code 0s} rotates at this start
 * @param keyRetention how long a replaced key stays published at {@code /oauth2/jwks} after its successor was created:
 *     at least the longest token lifetime (30 minutes for the web client); after that it is removed from the keystore
 */
@ConfigurationProperties("eldercare.auth")
public record SigningKeyProperties(String keystore, String keystorePassword,
        @DefaultValue("90d") Duration keyRotation, @DefaultValue("1h") Duration keyRetention) {
}
