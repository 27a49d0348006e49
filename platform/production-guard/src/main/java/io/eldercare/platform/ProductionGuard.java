package io.eldercare.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Profiles;

/**
 * Nothing from the repository in production: with the {@code prod} profile active, an application refuses to start
 * while any secret still has the value committed in this repository (the local stack's database password, the
 * services' client secrets, the privacy keys, the demo password) or demo users are configured, naming each. The values
 * are known by their SHA-256 only. The local stack runs with the {@code local} profile; {@code prod} together with
 * {@code local} is refused too.
 */
public class ProductionGuard implements EnvironmentPostProcessor, Ordered {

    /** SHA-256 of every secret value committed in this repository. */
    private static final Set<String> REPOSITORY_SECRETS = Set.of(
            "a942b37ccfaf5a813b1432caa209a43b9d144e47ad0de1549c289c253e556cd5", // the local database password
            "b09b531fc21ccffd640a15764f4b276d0959b8134cbfc5c69a2f825e3f37ecd9", // workorder-service's client secret
            "10023e9d94f7c01c13899d42860ad350ed62fc2bc2138cbe00b9a504b0a8f0f0", // settlement-service's
            "dc1bcad6c7b46b9a2ff1a49f0177a0e4e7970fb16d859470f859306498d10a6d", // wallet-service's
            "48710addb76c3c9415e0ed210730a47ed99142fe5ba2f57c4c4ca0441d717a18", // eligibility-service's
            "0943dd6d04aeb2ea3acac334215a1e243e2d1f00ad85ac6d85e92212cac4399f", // catalog-service's
            "aa1fed7dd5aa90eae26370904674dec418a6b878eb83aa00b9356ec203e38990", // feedback-service's
            "2a97516c354b68848cdbd8f54a226a0a55b21ed138e207ad6c5cbb9c00aa5aea", // the demo users' password
            "a7f62050d9a60326e57dca1cecf3341dfcd0c07ad690283c25bd9298b442d6c5", // the local privacy key
            "ac4d265bfc6b3030af4779fd3650481b5191a911a98499c9db759084252fbbb5", // the local blind-index key
            "80299a585265e3b368e8fd66171c399a581f53a183cbf697c039b6adaf17312e", // the local issuer keystore's password
            "0c71adbae45b457ebb03ac5ae27ce58f2910edf0c50def14f7980f92718d35f4", // workorder's local privacy key
            "532de7e6b8c943a3e955dfaa4b7cb757c5c15f8dac325c29d2caf320a2f3562c", // workorder's local blind-index key
            "e6fc0c5d9dcff7cf1630de4ea09397da8fdaa90ee476c35fdb3d70ee525a0324"); // workorder's local door-code key

    /** The secrets an application may have, and the environment variable that sets each. */
    private static final Map<String, String> SECRETS = Map.of(
            "spring.datasource.password", "DB_PASSWORD",
            "spring.security.oauth2.client.registration.eldercare.client-secret", "SERVICE_CLIENT_SECRET",
            "eldercare.auth.demo-password", "DEMO_PASSWORD",
            "eldercare.privacy.index-key", "PRIVACY_INDEX_KEY",
            "eldercare.auth.keystore-password", "AUTH_KEYSTORE_PASSWORD",
            "eldercare.visits.door-code-key", "DOOR_CODE_KEY");

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after the platform's defaults and the application's own files
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.acceptsProfiles(Profiles.of("prod"))) {
            return;
        }
        List<String> refusals = new ArrayList<>();
        if (environment.acceptsProfiles(Profiles.of("local"))) {
            refusals.add("the 'local' profile is active together with 'prod'");
        }
        SECRETS.forEach((property, variable) -> {
            if (committed(environment.getProperty(property))) {
                refusals.add(property + " (" + variable + ") still has the repository's value");
            }
        });
        for (String property : propertiesStartingWith(environment, "eldercare.privacy.keys.")) {
            if (committed(environment.getProperty(property))) {
                refusals.add(property + " (a PRIVACY_KEY_* variable) still has the repository's value");
            }
        }
        for (int i = 0; environment.containsProperty("eldercare.auth.service-clients[" + i + "].id"); i++) {
            String client = environment.getProperty("eldercare.auth.service-clients[" + i + "].id");
            if (committed(environment.getProperty("eldercare.auth.service-clients[" + i + "].secret"))) {
                refusals.add("the secret of service client " + client + " (" + client.replace("-service", "")
                        .toUpperCase(Locale.ROOT) + "_CLIENT_SECRET) still has the repository's value");
            }
        }
        if (environment.containsProperty("spring.kafka.bootstrap-servers")
                && "PLAINTEXT".equalsIgnoreCase(environment.getProperty("spring.kafka.security.protocol",
                        "PLAINTEXT"))) {
            refusals.add("Kafka without authentication (KAFKA_SECURITY_PROTOCOL=SASL_SSL with KAFKA_USERNAME and"
                    + " KAFKA_PASSWORD, or SSL with client certificates: each service writes only its own topic)");
        }
        if (environment.containsProperty("eldercare.auth.users[0].username")) {
            refusals.add("demo users are configured (eldercare.auth.users): production signs in at the bureau's"
                    + " identity provider");
        }
        if (!refusals.isEmpty()) {
            throw new IllegalStateException("Refusing to start with the 'prod' profile: " + String.join("; ", refusals)
                    + ". Set these from the secret store (see the README, 'Running it at scale').");
        }
    }

    private static Set<String> propertiesStartingWith(ConfigurableEnvironment environment, String prefix) {
        Set<String> names = new TreeSet<>();
        environment.getPropertySources().forEach(source -> {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (name.startsWith(prefix)) {
                        names.add(name);
                    }
                }
            }
        });
        return names;
    }

    private static boolean committed(String value) {
        if (value == null) {
            return false;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return REPOSITORY_SECRETS.contains(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
