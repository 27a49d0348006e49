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
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("eldercareTestInfrastructure",
                Map.of("spring.datasource.url", jdbcUrl,
                        "spring.datasource.username", db.username(),
                        "spring.datasource.password", db.password(),
                        "spring.kafka.bootstrap-servers", SharedInfrastructure.kafkaBootstrapServers(),
                        "eureka.client.enabled", "false",
                        "spring.cloud.discovery.enabled", "false",
                        "eldercare.messaging.relay-interval", "50ms",
                        "eldercare.messaging.retry-backoff", "100ms")));
    }
}
