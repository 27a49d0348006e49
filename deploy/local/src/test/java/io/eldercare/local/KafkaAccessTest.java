package io.eldercare.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eldercare.infra.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The broker of the local stack, secured as production: each service writes only its own topic and reads only what it
 * subscribes to, and the ACLs are exactly the subscriptions the services declare.
 */
class KafkaAccessTest {

    private static final String SETTLEMENT = "eldercare.settlement.events";
    private static final String WALLET = "eldercare.wallet.events";
    private static KafkaBroker broker;
    private static Map<String, String> passwords;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        Files.createDirectories(Path.of("target"));
        broker = KafkaBroker.startSecured(Files.createTempDirectory(Path.of("target"), "kafka-acl-"), 0);
        passwords = KafkaAccess.grant(broker);
        // each producer declares its own topic, as the services do at start
        for (String service : List.of("settlement-service", "wallet-service")) {
            try (Admin admin = Admin.create(as(service))) {
                admin.createTopics(List.of(new NewTopic(KafkaAccess.of(service).topic(), 1, (short) 1)))
                        .all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aMonthClosedForgedByTheWalletIntoTheSettlementTopicIsRefusedByTheBroker() throws Exception {
        String monthClosed = """
                {"eventId":"%s","type":"MonthClosed","version":1,"aggregateType":"Month","aggregateId":"2026-10",\
                "producer":"settlement-service","payload":{"month":"2026-10"}}""".formatted(UUID.randomUUID());

        assertThatThrownBy(() -> send("wallet-service", SETTLEMENT, monthClosed))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        // the auditor may write nowhere: refused before it can name a topic (no idempotent producer id)
        assertThatThrownBy(() -> send(KafkaAccess.AUDITOR, SETTLEMENT, monthClosed))
                .hasRootCauseInstanceOf(AuthorizationException.class);
        send("settlement-service", SETTLEMENT, monthClosed);

        assertThat(endOffset(SETTLEMENT)).as("only the settlement service's own record is on its topic").isEqualTo(1);
    }

    @Test
    void aServiceReadsOnlyTheTopicsItSubscribesToAndTheAuditorReadsThemAll() {
        assertThatThrownBy(() -> poll("feedback-service", WALLET))
                .isInstanceOf(TopicAuthorizationException.class);
        poll("settlement-service", WALLET);
        poll(KafkaAccess.AUDITOR, WALLET);
    }

    @Test
    void aWrongPasswordOrNoCredentialAtAllIsNotAdmitted() {
        Map<String, Object> stranger = new HashMap<>(KafkaBroker.clientConfig(broker.bootstrapServers(),
                "settlement-service", "not-its-password"));
        assertThatThrownBy(() -> send(stranger, SETTLEMENT, "{}"))
                .hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void theBrokerAllowsEachServiceExactlyTheTopicsItsApplicationYmlSubscribesTo() throws Exception {
        for (KafkaAccess.Principal principal : KafkaAccess.SERVICES) {
            Path yml = Path.of("..", "..", principal.name(), "src", "main", "resources", "application.yml");
            Map<String, Object> config = new Yaml().load(Files.readString(yml));
            @SuppressWarnings("unchecked")
            Map<String, Object> messaging = (Map<String, Object>) ((Map<String, Object>) config.get("eldercare"))
                    .get("messaging");

            assertThat(principal.topic()).as(principal.name()).isEqualTo(messaging.get("topic"));
            assertThat(principal.subscriptions()).as(principal.name())
                    .containsExactlyInAnyOrderElementsOf(messaging.get("subscriptions") == null ? List.of()
                            : (List<String>) messaging.get("subscriptions"));
        }
    }

    private static Map<String, Object> as(String principal) {
        return KafkaBroker.clientConfig(broker.bootstrapServers(), principal, passwords.get(principal));
    }

    private static void send(String principal, String topic, String value) throws Exception {
        send(as(principal), topic, value);
    }

    private static void send(Map<String, Object> client, String topic, String value) throws Exception {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, "2026-10", value)).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e;
        }
    }

    private static void poll(String principal, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(principal)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            consumer.poll(Duration.ofSeconds(2));
        }
    }

    private static long endOffset(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(KafkaAccess.AUDITOR)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
        }
    }

    private static KafkaConsumer<String, String> consumer(String principal) {
        Map<String, Object> config = new HashMap<>(as(principal));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config);
    }
}
