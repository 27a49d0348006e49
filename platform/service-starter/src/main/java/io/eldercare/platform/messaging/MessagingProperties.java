package io.eldercare.platform.messaging;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Messaging settings of a service ({@code eldercare.messaging.*}).
 *
 * @param topic the topic this service publishes to, {@code eldercare.<service>.events}
 * @param subscriptions the topics this service consumes (declared by their producers, never by this service)
 * @param partitions partitions of this service's own topic, and of a dead-letter topic whose source topic the broker
 *        cannot describe
 * @param replicas replication factor of the topics this service declares
 * @param relayInterval pause between outbox relay passes
 * @param relayBatchSize events sent per relay pass
 * @param retryInitialInterval pause after the first failed attempt at handling a record
 * @param retryMultiplier growth of the pause after each further failure
 * @param retryMaxInterval longest single pause; the consumer thread sleeps it, so it stays well below
 *        {@code max.poll.interval.ms}
 * @param retryMaxElapsed total of the pauses after which a record goes to the dead-letter topic
 * @param listenerConcurrency consumer threads of this instance
 * @param relayRetryInitialInterval pause before an outbox row that could not be sent is tried again; it doubles with
 *        each further failure
 * @param relayRetryMaxInterval longest pause between attempts at an outbox row
 * @param relayParkAfter attempts after which a row that failed for a reason a retry cannot change (too large, not
 *        authorised, invalid topic) is parked for an operator; a broker that does not answer never parks a row
 * @param outboxRetention how long outbox rows are kept after they were sent; zero keeps them forever
 * @param inboxRetention how long inbox rows are kept, i.e. how far back a re-read of a topic still drops the events
 *        already applied; zero keeps them forever
 * @param pruneInterval pause between runs of the retention job
 * @param pruneChunkSize rows deleted per statement by the retention job
 */
@ConfigurationProperties("eldercare.messaging")
public record MessagingProperties(String topic, @DefaultValue List<String> subscriptions,
        @DefaultValue("6") int partitions, @DefaultValue("1") short replicas,
        @DefaultValue("200ms") Duration relayInterval, @DefaultValue("200") int relayBatchSize,
        @DefaultValue("1s") Duration retryInitialInterval, @DefaultValue("2") double retryMultiplier,
        @DefaultValue("30s") Duration retryMaxInterval, @DefaultValue("5m") Duration retryMaxElapsed,
        @DefaultValue("1") int listenerConcurrency,
        @DefaultValue("1s") Duration relayRetryInitialInterval, @DefaultValue("30s") Duration relayRetryMaxInterval,
        @DefaultValue("5") int relayParkAfter,
        @DefaultValue("7d") Duration outboxRetention, @DefaultValue("400d") Duration inboxRetention,
        @DefaultValue("1h") Duration pruneInterval, @DefaultValue("5000") int pruneChunkSize) {

    /** The dead-letter topic for records of {@code topic} that {@code consumer} could not handle. */
    public static String deadLetterTopic(String topic, String consumer) {
        return topic + "." + consumer + ".dlt";
    }

    /** The dead-letter topics of this service, one per subscription. */
    public List<String> deadLetterTopics(String consumer) {
        return subscriptions.stream().map(subscription -> deadLetterTopic(subscription, consumer)).toList();
    }
}
