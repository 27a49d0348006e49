package io.eldercare.platform;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults shared by every service, below the service's own configuration: platform migrations (applied out of
 * order, see the platform README), problem details, request ids in log lines, health probes, Kafka and Eureka
 * addresses from the environment, and how calls to other services wait, retry and give up.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("eldercarePlatformDefaults", Map.ofEntries(
                Map.entry("spring.flyway.locations", "classpath:db/migration,classpath:db/platform"),
                // platform migrations (V0_x) added later are lower than a service's V1..: apply them out of order
                Map.entry("spring.flyway.out-of-order", "true"),
                Map.entry("spring.jpa.hibernate.ddl-auto", "validate"),
                Map.entry("spring.jpa.open-in-view", "false"),
                Map.entry("spring.kafka.bootstrap-servers", "${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}"),
                // each service its own principal (SASL/SCRAM; SASL_SSL in production), allowed by the broker's ACLs to
                // write its own topic and read its subscriptions only; PLAINTEXT is for the tests' brokers
                Map.entry("spring.kafka.security.protocol", "${KAFKA_SECURITY_PROTOCOL:PLAINTEXT}"),
                Map.entry("spring.kafka.properties.sasl.mechanism", "${KAFKA_SASL_MECHANISM:SCRAM-SHA-256}"),
                Map.entry("spring.kafka.properties.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"${KAFKA_USERNAME:${spring.application.name}}\""
                                + " password=\"${KAFKA_PASSWORD:}\";"),
                Map.entry("spring.datasource.username", "${DB_USERNAME:postgres}"),
                Map.entry("spring.datasource.password", "${DB_PASSWORD:postgres}"),
                // no statement runs away with a connection (a hold waits for its wallet's lock 2 s, see WalletService)
                Map.entry("spring.datasource.hikari.data-source-properties.options",
                        "-c statement_timeout=${DB_STATEMENT_TIMEOUT:30s}"),
                Map.entry("eureka.client.service-url.defaultZone",
                        "${EUREKA_URL:http://localhost:8761/eureka}"),
                Map.entry("eureka.instance.prefer-ip-address", "true"),
                Map.entry("spring.cloud.loadbalancer.cache.ttl", "5s"),
                Map.entry("eureka.instance.lease-renewal-interval-in-seconds", "5"),
                Map.entry("eureka.client.registry-fetch-interval-seconds", "5"),
                Map.entry("management.endpoints.web.exposure.include", "health,info"),
                Map.entry("management.endpoint.health.probes.enabled", "true"),
                Map.entry("server.forward-headers-strategy", "framework"),
                Map.entry("logging.pattern.level", "%5p [%X{traceId:-}]"),
                Map.entry("server.shutdown", "graceful"),
                // the outbox relay runs every 200 ms: jobs (month credit, anniversary, month close) get threads too
                Map.entry("spring.task.scheduling.pool.size", "4"),
                // tokens: issuer and keys of the platform's authorization server (any OIDC issuer in production)
                Map.entry("eldercare.security.issuer", "${ISSUER_URI:http://localhost:9000}"),
                Map.entry("eldercare.security.jwk-set-uri", "${JWK_SET_URI:${eldercare.security.issuer}/oauth2/jwks}"),
                // each service its own client, named as the service, with only the scopes the issuer grants it
                Map.entry("spring.security.oauth2.client.registration.eldercare.client-id",
                        "${SERVICE_CLIENT_ID:${spring.application.name}}"),
                Map.entry("spring.security.oauth2.client.registration.eldercare.client-secret",
                        "${SERVICE_CLIENT_SECRET:local-${spring.application.name}-secret}"),
                Map.entry("spring.security.oauth2.client.registration.eldercare.authorization-grant-type",
                        "client_credentials"),
                Map.entry("spring.security.oauth2.client.registration.eldercare.provider", "eldercare"),
                Map.entry("spring.security.oauth2.client.provider.eldercare.token-uri",
                        "${eldercare.security.issuer}/oauth2/token"),
                // a request naming a field the API does not take (an amount, a status) is refused, not ignored
                Map.entry("spring.jackson.deserialization.fail-on-unknown-properties", "true"),
                // HTTP clients have their own timeouts; a time limiter would move calls to another thread
                Map.entry("spring.cloud.circuitbreaker.resilience4j.disable-time-limiter", "true"),
                // calls to other services (ServiceClients): per backend under resilience4j.*.instances.<service>;
                // a breaker that needs 100 calls (the library's default) never opens for a low-volume caller
                Map.entry("resilience4j.circuitbreaker.configs.default.sliding-window-type", "COUNT_BASED"),
                Map.entry("resilience4j.circuitbreaker.configs.default.sliding-window-size", "10"),
                Map.entry("resilience4j.circuitbreaker.configs.default.minimum-number-of-calls", "10"),
                Map.entry("resilience4j.circuitbreaker.configs.default.failure-rate-threshold", "50"),
                Map.entry("resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state", "10s"),
                Map.entry("resilience4j.circuitbreaker.configs.default.permitted-number-of-calls-in-half-open-state",
                        "3"),
                Map.entry("resilience4j.retry.configs.default.max-attempts", "3"),
                Map.entry("resilience4j.retry.configs.default.wait-duration", "200ms"),
                Map.entry("resilience4j.retry.configs.default.enable-exponential-backoff", "true"),
                Map.entry("resilience4j.retry.configs.default.exponential-backoff-multiplier", "2"),
                Map.entry("resilience4j.retry.configs.default.retry-exception-predicate",
                        "io.eldercare.platform.web.TransientFailure"),
                // one deadline for all the calls made while serving a request: the caller hears back within 3 s
                Map.entry("eldercare.clients.request-deadline", "2500ms"))));
    }
}
