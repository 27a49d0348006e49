package io.eldercare.platform.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The topics a service declares: its own and its dead-letter topics, never a subscription's. KafkaAdmin raises the
 * partition count of an existing topic to the declared one, and a subscriber doing that to its producer's topic would
 * move keys between partitions and break their order. A dead-letter topic gets its source topic's partition count, so
 * a failed record keeps its partition number.
 */
final class EventTopics {

    private static final Logger log = LoggerFactory.getLogger(EventTopics.class);
    /** How long a starting service waits for the broker to describe its subscriptions. */
    static final Duration BROKER_PATIENCE = Duration.ofSeconds(5);

    private EventTopics() {
    }

    static NewTopic[] declare(MessagingProperties properties, String consumer, Map<String, Object> adminConfig) {
        List<NewTopic> topics = new ArrayList<>();
        if (properties.topic() != null && !properties.topic().isBlank()) {
            topics.add(keptForever(properties.topic(), properties.partitions(), properties.replicas()));
        }
        Map<String, Integer> sources = partitionsOnBroker(properties.subscriptions(), adminConfig);
        for (String subscription : properties.subscriptions()) {
            int partitions = sources.getOrDefault(subscription, properties.partitions());
            if (subscription.equals(properties.topic())) {
                // our own topic is declared above and KafkaAdmin raises it to the configured count
                partitions = Math.max(partitions, properties.partitions());
            }
            topics.add(keptForever(MessagingProperties.deadLetterTopic(subscription, consumer), partitions,
                    properties.replicas()));
        }
        return topics.toArray(NewTopic[]::new);
    }

    /** Partition counts of the topics the broker knows; a topic it does not know, or cannot say in time, is left out. */
    static Map<String, Integer> partitionsOnBroker(List<String> topics, Map<String, Object> adminConfig) {
        Map<String, Integer> partitions = new HashMap<>();
        if (topics.isEmpty()) {
            return partitions;
        }
        Map<String, Object> config = new HashMap<>(adminConfig);
        int patience = (int) BROKER_PATIENCE.toMillis();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, patience);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, patience);
        AdminClient admin = AdminClient.create(config);
        try {
            long deadline = System.nanoTime() + BROKER_PATIENCE.toNanos();
            Map<String, KafkaFuture<TopicDescription>> descriptions = admin.describeTopics(topics).topicNameValues();
            for (Map.Entry<String, KafkaFuture<TopicDescription>> entry : descriptions.entrySet()) {
                try {
                    long left = Math.max(0, deadline - System.nanoTime());
                    partitions.put(entry.getKey(),
                            entry.getValue().get(left, TimeUnit.NANOSECONDS).partitions().size());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        log.warn("could not describe {}: {}", entry.getKey(), e.getCause().toString());
                    }
                } catch (TimeoutException e) {
                    log.warn("broker did not describe {} within {}", entry.getKey(), BROKER_PATIENCE);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
        return partitions;
    }

    private static NewTopic keptForever(String name, int partitions, short replicas) {
        return TopicBuilder.name(name).partitions(partitions).replicas(replicas)
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .build();
    }
}
