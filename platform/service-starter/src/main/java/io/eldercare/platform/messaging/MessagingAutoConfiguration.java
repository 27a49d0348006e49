package io.eldercare.platform.messaging;

import io.eldercare.events.EventCodec;
import io.eldercare.events.EventUpcaster;
import io.eldercare.events.MalformedEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The event backbone of a service: outbox and relay (with parking and a retry command), inbox and dispatcher, topics
 * with unlimited retention, dead-letter topics after minutes of retries with a replay command, retention of outbox and
 * inbox rows, and a cluster-wide lock for scheduled jobs.
 */
// Before Kafka's auto-configuration, so that its default producer factory and template back off for ours.
@AutoConfiguration(beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties(MessagingProperties.class)
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = "PT10M")
public class MessagingAutoConfiguration {

    /** Records dead-lettered, whatever the reason. */
    public static final String DEAD_LETTERED = "eldercare.events.dead-lettered";

    /** Reads the registered records, and what the service's {@link EventUpcaster} beans turn into them. */
    @Bean
    @ConditionalOnMissingBean
    EventCodec eventCodec(ObjectProvider<EventUpcaster> upcasters) {
        return new EventCodec(upcasters.orderedStream().toList());
    }

    /** Acknowledged by all in-sync replicas, idempotent (no duplicates or reordering on retry), quick to give up. */
    @Bean
    ProducerFactory<String, String> eldercareProducerFactory(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new DefaultKafkaProducerFactory<>(config);
    }

    @Bean
    KafkaTemplate<String, String> eldercareKafkaTemplate(ProducerFactory<String, String> producerFactory) {
        return new KafkaTemplate<>(producerFactory);
    }

    @Bean
    Outbox outbox(JdbcClient jdbc, EventCodec codec, Clock clock, MessagingProperties properties,
            @Value("${spring.application.name}") String producer) {
        if (properties.topic() == null || properties.topic().isBlank()) {
            throw new IllegalStateException("eldercare.messaging.topic is not set");
        }
        return new Outbox(jdbc, codec, clock, properties.topic(), producer);
    }

    @Bean
    Inbox inbox(JdbcClient jdbc) {
        return new Inbox(jdbc);
    }

    @Bean
    OutboxRelay outboxRelay(DataSource dataSource, JdbcClient jdbc, TransactionTemplate transaction,
            KafkaTemplate<String, String> kafka, MessagingProperties properties,
            ObjectProvider<OutboxRelay.RelayHook> hook, ObjectProvider<MeterRegistry> meters,
            @Value("${spring.application.name}") String service) {
        return new OutboxRelay(dataSource, jdbc, transaction, kafka, properties,
                hook.getIfAvailable(() -> OutboxRelay.RelayHook.NONE),
                meters.getIfAvailable(() -> Metrics.globalRegistry), service);
    }

    /** Outbox rows the relay parked, with the gauge operators alert on. */
    @Bean
    ParkedOutbox parkedOutbox(JdbcClient jdbc, ObjectProvider<MeterRegistry> meters,
            @Value("${spring.application.name}") String service) {
        return new ParkedOutbox(jdbc, meters.getIfAvailable(() -> Metrics.globalRegistry), service);
    }

    @Bean
    ParkedOutboxEndpoint parkedOutboxEndpoint(ParkedOutbox parkedOutbox) {
        return new ParkedOutboxEndpoint(parkedOutbox);
    }

    /** Deletes outbox rows sent, and inbox rows received, longer ago than their retention. */
    @Bean
    MessagingRetention messagingRetention(JdbcClient jdbc, MessagingProperties properties) {
        return new MessagingRetention(jdbc, properties.outboxRetention(), properties.inboxRetention(),
                properties.pruneChunkSize());
    }

    /** The service's own topic and its dead-letter topics, kept forever; the topics it reads belong to others. */
    @Bean
    KafkaAdmin.NewTopics eldercareTopics(MessagingProperties properties, KafkaProperties kafka,
            @Value("${spring.application.name}") String consumer) {
        return new KafkaAdmin.NewTopics(EventTopics.declare(properties, consumer, kafka.buildAdminProperties()));
    }

    @Bean
    @ConditionalOnProperty(prefix = "eldercare.messaging", name = "subscriptions[0]")
    EventDispatcher eventDispatcher(EventCodec codec, Inbox inbox, TransactionTemplate transaction,
            List<DomainEventHandler> handlers, ObjectProvider<MeterRegistry> meters,
            @Value("${spring.application.name}") String consumer) {
        return new EventDispatcher(codec, inbox, transaction, handlers, consumer,
                meters.getIfAvailable(() -> Metrics.globalRegistry));
    }

    /**
     * One consumer group per service, with a listener of its own for each topic it subscribes to: a record that waits
     * for a fact from another topic (an approval whose pack has not arrived yet) is retried while the other topics
     * keep flowing. A failure is retried with growing pauses for minutes (a restart, an identity provider blip)
     * before the record is dead-lettered; a record that can never be read (malformed, or a version this build does
     * not know) goes there at once.
     */
    @Bean
    @ConditionalOnProperty(prefix = "eldercare.messaging", name = "subscriptions[0]")
    EventListeners eldercareEventListeners(KafkaProperties kafka, MessagingProperties properties,
            EventDispatcher dispatcher, KafkaTemplate<String, String> template, ObjectProvider<MeterRegistry> meters,
            @Value("${spring.application.name}") String consumer) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, consumer);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        requirePausesWithinPollInterval(properties, config);
        DefaultKafkaConsumerFactory<String, String> consumers = new DefaultKafkaConsumerFactory<>(config);
        MeterRegistry registry = meters.getIfAvailable(() -> Metrics.globalRegistry);
        List<ConcurrentMessageListenerContainer<String, String>> containers = new ArrayList<>();
        for (String topic : properties.subscriptions()) {
            ContainerProperties containerProperties = new ContainerProperties(topic);
            containerProperties.setMessageListener(dispatcher);
            containerProperties.setAckMode(ContainerProperties.AckMode.RECORD);
            ConcurrentMessageListenerContainer<String, String> container = new ConcurrentMessageListenerContainer<>(
                    consumers, containerProperties);
            container.setConcurrency(properties.listenerConcurrency());
            container.setBeanName("eldercareEventListener." + topic);
            DefaultErrorHandler errorHandler = new DefaultErrorHandler(deadLetters(template, consumer, registry),
                    retryBackOff(properties));
            // what a retry cannot change goes to the dead-letter topic at once; everything else is retried for minutes
            errorHandler.addNotRetryableExceptions(MalformedEventException.class, UnknownEventVersionException.class,
                    RejectedEventException.class, IllegalStateException.class, IllegalArgumentException.class);
            container.setCommonErrorHandler(errorHandler);
            containers.add(container);
        }
        return new EventListeners(containers);
    }

    /** Replays this service's dead-letter topics into its own dispatcher, with the endpoint operators call. */
    @Bean
    @ConditionalOnProperty(prefix = "eldercare.messaging", name = "subscriptions[0]")
    DeadLetters deadLetters(KafkaProperties kafka, MessagingProperties properties, EventDispatcher dispatcher,
            @Value("${spring.application.name}") String consumer) {
        return new DeadLetters(kafka.buildConsumerProperties(), dispatcher, properties.deadLetterTopics(consumer),
                consumer);
    }

    @Bean
    @ConditionalOnProperty(prefix = "eldercare.messaging", name = "subscriptions[0]")
    DeadLettersEndpoint deadLettersEndpoint(DeadLetters deadLetters) {
        return new DeadLettersEndpoint(deadLetters);
    }

    static ExponentialBackOff retryBackOff(MessagingProperties properties) {
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retryInitialInterval().toMillis(),
                properties.retryMultiplier());
        backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
        backOff.setMaxElapsedTime(properties.retryMaxElapsed().toMillis());
        return backOff;
    }

    // The error handler sleeps on the consumer thread between attempts; a pause near max.poll.interval.ms would
    // make the broker think the consumer dead and hand its partitions to another instance mid-retry.
    private static void requirePausesWithinPollInterval(MessagingProperties properties, Map<String, Object> config) {
        long pollInterval = Long.parseLong(String.valueOf(
                config.getOrDefault(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000)));
        if (properties.retryMaxInterval().toMillis() * 2 > pollInterval) {
            throw new IllegalStateException("eldercare.messaging.retry-max-interval ("
                    + properties.retryMaxInterval() + ") must stay below half of max.poll.interval.ms ("
                    + pollInterval + " ms)");
        }
    }

    /**
     * Sends a record to {@code <topic>.<consumer>.dlt} on its own partition number when the dead-letter topic has it
     * (it is made with its source's count), else wherever Kafka puts it: never to a partition that does not exist,
     * which would stall the source partition. Counts every record dead-lettered.
     */
    private static ConsumerRecordRecoverer deadLetters(KafkaTemplate<String, String> template, String consumer,
            MeterRegistry meters) {
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template, (record, failure) -> {
            String topic = MessagingProperties.deadLetterTopic(record.topic(), consumer);
            return new TopicPartition(topic, record.partition() < partitionsOf(template, topic)
                    ? record.partition() : -1);
        });
        return (record, failure) -> {
            publisher.accept(record, failure);
            Counter.builder(DEAD_LETTERED)
                    .description("records sent to a dead-letter topic")
                    .tag("consumer", consumer)
                    .tag("topic", record.topic())
                    .tag("reason", reasonOf(failure))
                    .register(meters)
                    .increment();
        };
    }

    private static int partitionsOf(KafkaTemplate<String, String> template, String topic) {
        try {
            return template.partitionsFor(topic).size();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static String reasonOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownEventVersionException) {
                return "unknown-version";
            }
            if (cause instanceof MalformedEventException) {
                return "malformed";
            }
            if (cause instanceof RejectedEventException || cause instanceof IllegalStateException
                    || cause instanceof IllegalArgumentException) {
                return "rejected";
            }
        }
        return "retries-exhausted";
    }

    /** Scheduled jobs run once per cluster, timed by the database's clock. */
    @Bean
    @ConditionalOnMissingBean
    LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                .build());
    }
}
