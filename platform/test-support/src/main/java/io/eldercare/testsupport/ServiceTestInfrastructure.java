package io.eldercare.testsupport;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a service's test context at the shared PostgreSQL server (a database named after the application) and the
 * shared broker, with Eureka off. Use with {@code @ContextConfiguration(initializers = ...)} or via
 * {@link ServiceTest}.
 */
public class ServiceTestInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String application = context.getEnvironment().getProperty("spring.application.name", "service");
        String databaseName = application.replace('-', '_') + "_test";
        String jdbcUrl = SharedInfrastructure.createDatabase(databaseName);
        SharedInfrastructure.Database db = SharedInfrastructure.database();
        Map<String, Object> properties = new java.util.HashMap<>();
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", db.username());
        properties.put("spring.datasource.password", db.password());
        properties.put("spring.kafka.bootstrap-servers", SharedInfrastructure.kafkaBootstrapServers());
        properties.put("eureka.client.enabled", "false");
        properties.put("spring.cloud.discovery.enabled", "false");
        properties.put("eldercare.messaging.relay-interval", "50ms");
        properties.put("eldercare.messaging.retry-backoff", "100ms");
        properties.put("eldercare.security.issuer", TestAuthority.get().issuer());
        properties.put("eldercare.security.jwk-set-uri", TestAuthority.get().jwkSetUri());
        context.getEnvironment().getPropertySources().addFirst(
                new MapPropertySource("eldercareTestInfrastructure", properties));
    }
}
