package io.eldercare.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** An application started with the 'prod' profile refuses the repository's secrets and demo users, naming each. */
class ProductionGuardTest {

    @Configuration
    static class Empty {
    }

    private static ConfigurableApplicationContext start(Map<String, Object> properties, String... profiles) {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(properties);
        application.setAdditionalProfiles(profiles);
        return application.run();
    }

    @Test
    void theProductionProfileRefusesEveryRepositorySecretAndTheDemoUsersNamingEach() {
        Map<String, Object> repositoryDefaults = Map.ofEntries(
                Map.entry("spring.datasource.password", "postgres"),
                Map.entry("spring.security.oauth2.client.registration.eldercare.client-secret",
                        "local-wallet-service-secret"),
                Map.entry("eldercare.auth.service-clients[0].id", "workorder-service"),
                Map.entry("eldercare.auth.service-clients[0].secret", "local-workorder-service-secret"),
                Map.entry("spring.kafka.bootstrap-servers", "kafka:9092"),
                Map.entry("eldercare.privacy.keys.local-1", "32YnMiE7IZosz3vh0lzYZ/oeqaMRV5njlCwXykKzaDk="),
                Map.entry("eldercare.privacy.index-key", "C9/QGrUNVHUq4ISh7anI9Bq3j9D2N2VJPsH0bbU/cZI="),
                Map.entry("eldercare.auth.demo-password", "demo"),
                Map.entry("eldercare.auth.users[0].username", "admin.huangpi"),
                Map.entry("eldercare.auth.keystore-password", "local-keystore-password"),
                Map.entry("eldercare.visits.door-code-key", "n6mSLBEf0RCzkCGQasqsJK9x2Y7tO3rKiwaxalx2bxo="));

        assertThatThrownBy(() -> start(repositoryDefaults, "prod"))
                .hasMessageContaining("spring.datasource.password (DB_PASSWORD)")
                .hasMessageContaining("client-secret (SERVICE_CLIENT_SECRET)")
                .hasMessageContaining("service client workorder-service (WORKORDER_CLIENT_SECRET)")
                .hasMessageContaining("Kafka without authentication")
                .hasMessageContaining("eldercare.privacy.keys.local-1")
                .hasMessageContaining("eldercare.privacy.index-key (PRIVACY_INDEX_KEY)")
                .hasMessageContaining("eldercare.auth.demo-password (DEMO_PASSWORD)")
                .hasMessageContaining("demo users are configured")
                .hasMessageContaining("eldercare.auth.keystore-password (AUTH_KEYSTORE_PASSWORD)")
                .hasMessageContaining("eldercare.visits.door-code-key (DOOR_CODE_KEY)");
    }

    @Test
    void theProductionProfileStartsWithSecretsFromTheSecretStore() {
        try (ConfigurableApplicationContext context = start(Map.of("spring.datasource.password", "s3cret-from-vault",
                "eldercare.privacy.keys.k2027", "bm90IHRoZSByZXBvc2l0b3J5J3Mga2V5IGF0IGFsbCE=",
                "eldercare.auth.service-clients[0].id", "workorder-service",
                "eldercare.auth.service-clients[0].secret", "from-the-secret-store",
                "spring.kafka.bootstrap-servers", "kafka:9093", "spring.kafka.security.protocol", "SASL_SSL"),
                "prod")) {
            assertThat(context.isActive()).isTrue();
        }
    }

    @Test
    void theLocalStackStartsWithTheRepositorysValues() {
        try (ConfigurableApplicationContext context = start(Map.of("spring.datasource.password", "postgres"),
                "local")) {
            assertThat(context.isActive()).isTrue();
        }
    }

    @Test
    void productionAndTheLocalProfileTogetherAreRefused() {
        assertThatThrownBy(() -> start(Map.of(), "prod", "local")).hasMessageContaining("'local' profile");
    }
}
