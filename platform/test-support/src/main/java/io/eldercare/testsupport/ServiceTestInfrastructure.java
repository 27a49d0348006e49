package io.eldercare.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a service's test context at the shared PostgreSQL server (a database named after the application) and the
 * shared broker, with Eureka off and the service's subscribed topics made. Use with {@code @ContextConfiguration(initializers = ...)} or via
 * {@link ServiceTest}.
 */
public class ServiceTestInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The messaging starter's default partition count, which a producing service gives its topic. */
    private static final int PRODUCER_PARTITIONS = 6;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String application = context.getEnvironment().getProperty("spring.application.name", "service");
        String databaseName = application.replace('-', '_') + "_test";
        String jdbcUrl = SharedInfrastructure.createDatabase(databaseName);
        SharedInfrastructure.Database db = SharedInfrastructure.database();
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", db.username());
        properties.put("spring.datasource.password", db.password());
        properties.put("spring.kafka.bootstrap-servers", SharedInfrastructure.kafkaBootstrapServers());
        properties.put("eureka.client.enabled", "false");
        properties.put("spring.cloud.discovery.enabled", "false");
        properties.put("eldercare.messaging.relay-interval", "50ms");
        // minutes of retries in production; seconds in tests, so a test that expects a dead letter does not wait
        properties.put("eldercare.messaging.retry-initial-interval", "100ms");
        properties.put("eldercare.messaging.retry-max-interval", "1s");
        properties.put("eldercare.messaging.retry-max-elapsed", "10s");
        properties.put("eldercare.security.issuer", TestAuthority.get().issuer());
        properties.put("eldercare.security.jwk-set-uri", TestAuthority.get().jwkSetUri());
        context.getEnvironment().getPropertySources().addFirst(
                new MapPropertySource("eldercareTestInfrastructure", properties));
        createSubscribedTopics(Binder.get(context.getEnvironment())
                .bind("eldercare.messaging.subscriptions", Bindable.listOf(String.class)).orElse(List.of()));
    }

    /**
     * A service declares only its own topic; the topics it reads are its producers', which a service test does not
     * run. They are made here as their producers would make them, so that events published to them are consumed.
     */
    static void createSubscribedTopics(List<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.kafkaBootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().distinct().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, PRODUCER_PARTITIONS, (short) 1)
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")))
                    .toList();
            admin.createTopics(missing).values().values().forEach(created -> {
                try {
                    created.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // another context made it first
                        throw new IllegalStateException("could not create a subscribed topic", e.getCause());
                    }
                } catch (InterruptedException | TimeoutException e) {
                    throw new IllegalStateException("could not create a subscribed topic", e);
                }
            });
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not list the shared broker's topics", e);
        }
    }
}
