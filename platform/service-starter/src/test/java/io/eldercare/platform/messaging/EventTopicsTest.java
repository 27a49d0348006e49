package io.eldercare.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.eldercare.testsupport.SharedInfrastructure;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaAdmin;

/** A service owns its own topic and its dead-letter topics; the topics it reads belong to their producers. */
class EventTopicsTest {

    private static final String CONSUMER = "subscriber-test";

    @Test
    void aServiceConfiguredWithTwelvePartitionsLeavesASixPartitionTopicAtSix() throws Exception {
        String bootstrap = SharedInfrastructure.kafkaBootstrapServers();
        String source = "eldercare.producer-" + UUID.randomUUID() + ".events";
        String own = "eldercare.subscriber-" + UUID.randomUUID() + ".events";
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(source, 6, (short) 1))).all().get();
            KafkaAdmin kafkaAdmin = new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));

            kafkaAdmin.createOrModifyTopics(EventTopics.declare(properties(own, List.of(source), 12), CONSUMER,
                    kafkaAdmin.getConfigurationProperties()));

            String deadLetters = MessagingProperties.deadLetterTopic(source, CONSUMER);
            Map<String, Integer> partitions = EventTopics.partitionsOnBroker(List.of(source, deadLetters, own),
                    kafkaAdmin.getConfigurationProperties());
            assertThat(partitions).containsEntry(source, 6).containsEntry(deadLetters, 6).containsEntry(own, 12);
        }
    }

    @Test
    void aServiceDeclaresItsOwnTopicAndItsDeadLetterTopicsButNoSubscription() {
        String source = "eldercare.not-made-yet-" + UUID.randomUUID() + ".events";
        NewTopic[] declared = EventTopics.declare(properties("eldercare.subscriber.events", List.of(source), 12),
                CONSUMER, Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        SharedInfrastructure.kafkaBootstrapServers()));

        assertThat(Arrays.stream(declared).map(NewTopic::name))
                .containsExactly("eldercare.subscriber.events", MessagingProperties.deadLetterTopic(source, CONSUMER));
        assertThat(declared[1].numPartitions()).as("no source to copy: the configured count").isEqualTo(12);
    }

    @Test
    void aBrokerThatDoesNotAnswerLeavesTheConfiguredCountWithinSeconds() {
        long start = System.nanoTime();
        NewTopic[] declared = EventTopics.declare(properties(null, List.of("eldercare.other.events"), 6), CONSUMER,
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"));

        assertThat(declared).singleElement().satisfies(topic -> assertThat(topic.numPartitions()).isEqualTo(6));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    private static MessagingProperties properties(String topic, List<String> subscriptions, int partitions) {
        return new MessagingProperties(topic, subscriptions, partitions, (short) 1, Duration.ofMillis(200), 200,
                Duration.ofSeconds(1), 2, Duration.ofSeconds(30), Duration.ofMinutes(5), 1, Duration.ofSeconds(1),
                Duration.ofSeconds(30), 5, Duration.ofDays(7), Duration.ofDays(400), Duration.ofHours(1), 5000);
    }
}
