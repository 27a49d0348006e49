package io.eldercare.platform.messaging;

import io.eldercare.infra.KafkaBroker;
import io.eldercare.testsupport.SharedInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** The backbone tests need a broker they can stop and start: a broker process of their own, on a fixed port. */
class BackboneInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final KafkaBroker BROKER = startBroker();

    private static KafkaBroker startBroker() {
        try {
            KafkaBroker broker = KafkaBroker.start(Files.createTempDirectory(Path.of("target"), "kafka-"), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(broker::stop));
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        SharedInfrastructure.Database db = SharedInfrastructure.database();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("backbone", Map.of(
                "spring.datasource.url", SharedInfrastructure.createDatabase("backbone_test"),
                "spring.datasource.username", db.username(),
                "spring.datasource.password", db.password(),
                "spring.kafka.bootstrap-servers", BROKER.bootstrapServers())));
    }
}
