package io.eldercare.platform.messaging;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Messaging settings of a service ({@code eldercare.messaging.*}).
 *
 * @param topic the topic this service publishes to, {@code eldercare.<service>.events}
 * @param subscriptions the topics this service consumes
 * @param partitions partitions of every declared topic
 * @param replicas replication factor of every declared topic
 * @param relayInterval pause between outbox relay passes
 * @param relayBatchSize events sent per relay pass
 * @param deliveryAttempts attempts at handling a record before it goes to the dead-letter topic
 * @param retryBackoff pause between those attempts
 * @param listenerConcurrency consumer threads of this instance
 */
@ConfigurationProperties("eldercare.messaging")
public record MessagingProperties(String topic, @DefaultValue List<String> subscriptions,
        @DefaultValue("6") int partitions, @DefaultValue("1") short replicas,
        @DefaultValue("200ms") Duration relayInterval, @DefaultValue("200") int relayBatchSize,
        @DefaultValue("3") int deliveryAttempts, @DefaultValue("500ms") Duration retryBackoff,
        @DefaultValue("1") int listenerConcurrency) {

    /** The dead-letter topic for records of {@code topic} that {@code consumer} could not handle. */
    public static String deadLetterTopic(String topic, String consumer) {
        return topic + "." + consumer + ".dlt";
    }
}
