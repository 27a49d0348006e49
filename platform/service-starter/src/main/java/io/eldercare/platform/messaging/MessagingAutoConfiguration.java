package io.eldercare.platform.messaging;

import io.eldercare.events.EventCodec;
import io.eldercare.events.MalformedEventException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
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
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The event backbone of a service: outbox and relay, inbox and dispatcher, topics with unlimited retention,
 * dead-letter topics after bounded retries, and a cluster-wide lock for scheduled jobs.
 */
// Before Kafka's auto-configuration, so that its default producer factory and template back off for ours.
@AutoConfiguration(beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties(MessagingProperties.class)
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = "PT10M")
public class MessagingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventCodec eventCodec() {
        return new EventCodec();
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
    OutboxRelay outboxRelay(JdbcClient jdbc, TransactionTemplate transaction, KafkaTemplate<String, String> kafka,
            MessagingProperties properties, ObjectProvider<OutboxRelay.RelayHook> hook) {
        return new OutboxRelay(jdbc, transaction, kafka, properties.relayBatchSize(),
                hook.getIfAvailable(() -> OutboxRelay.RelayHook.NONE));
    }

    /** The service's own topic, the topics it reads and its dead-letter topics, kept forever. */
    @Bean
    KafkaAdmin.NewTopics eldercareTopics(MessagingProperties properties,
            @Value("${spring.application.name}") String consumer) {
        List<String> names = new ArrayList<>();
        if (properties.topic() != null) {
            names.add(properties.topic());
        }
        for (String subscription : properties.subscriptions()) {
            if (!names.contains(subscription)) {
                names.add(subscription);
            }
            names.add(MessagingProperties.deadLetterTopic(subscription, consumer));
        }
        return new KafkaAdmin.NewTopics(names.stream()
                .map(name -> TopicBuilder.name(name).partitions(properties.partitions())
                        .replicas(properties.replicas())
                        .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                        .build())
                .toArray(NewTopic[]::new));
    }

    @Bean
    @ConditionalOnProperty(prefix = "eldercare.messaging", name = "subscriptions[0]")
    EventDispatcher eventDispatcher(EventCodec codec, Inbox inbox, TransactionTemplate transaction,
            List<DomainEventHandler> handlers, @Value("${spring.application.name}") String consumer) {
        return new EventDispatcher(codec, inbox, transaction, handlers, consumer);
    }

    /** One consumer group per service over its subscriptions; failures retried, then dead-lettered by partition. */
    @Bean
    @ConditionalOnProperty(prefix = "eldercare.messaging", name = "subscriptions[0]")
    ConcurrentMessageListenerContainer<String, String> eldercareEventListener(KafkaProperties kafka,
            MessagingProperties properties, EventDispatcher dispatcher, KafkaTemplate<String, String> template,
            @Value("${spring.application.name}") String consumer) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, consumer);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ContainerProperties containerProperties = new ContainerProperties(
                properties.subscriptions().toArray(String[]::new));
        containerProperties.setMessageListener(dispatcher);
        containerProperties.setAckMode(ContainerProperties.AckMode.RECORD);
        ConcurrentMessageListenerContainer<String, String> container = new ConcurrentMessageListenerContainer<>(
                new DefaultKafkaConsumerFactory<>(config), containerProperties);
        container.setConcurrency(properties.listenerConcurrency());
        container.setBeanName("eldercareEventListener");

        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(template,
                (record, failure) -> new TopicPartition(
                        MessagingProperties.deadLetterTopic(record.topic(), consumer), record.partition()));
        DefaultErrorHandler errorHandler = new DefaultErrorHandler(deadLetters,
                new FixedBackOff(properties.retryBackoff().toMillis(), properties.deliveryAttempts() - 1L));
        errorHandler.addNotRetryableExceptions(MalformedEventException.class);
        container.setCommonErrorHandler(errorHandler);
        return container;
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
