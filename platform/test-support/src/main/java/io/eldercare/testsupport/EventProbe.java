package io.eldercare.testsupport;

import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventCodec;
import io.eldercare.events.EventEnvelope;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes events as another service would, and reads what a service published, on the shared broker. */
public final class EventProbe {

    private static final EventCodec CODEC = new EventCodec();

    private EventProbe() {
    }

    /** Publishes the payload as {@code producer} would, returning the envelope sent. */
    public static EventEnvelope publish(String topic, String producer, DomainEvent payload) {
        EventEnvelope envelope = CODEC.envelope(payload, 1, producer, "test-" + UUID.randomUUID(),
                OffsetDateTime.now());
        publishRaw(topic, envelope.aggregateId(), CODEC.write(envelope));
        return envelope;
    }

    private static final Set<String> KNOWN_TOPICS = ConcurrentHashMap.newKeySet();

    /** Sends any text as a record, for duplicates and malformed records. */
    public static void publishRaw(String topic, String key, String value) {
        ensureTopic(topic);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    /**
     * Creates the topic as its producer would (a service declares only its own topic, and the test broker creates
     * none by itself), so that a test can publish in the name of a service that is not running.
     */
    public static void ensureTopic(String topic) {
        if (KNOWN_TOPICS.contains(topic)) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.kafkaBootstrapServers()))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1)))
                        .all().get();
            }
            KNOWN_TOPICS.add(topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create " + topic, e);
            }
            KNOWN_TOPICS.add(topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every envelope on the topic from the beginning, read until {@code quiet} passes without a new record. */
    public static List<EventEnvelope> readAll(String topic, Duration quiet) {
        return readAllRaw(topic, quiet).stream().map(r -> CODEC.read(r.value())).toList();
    }

    public static List<ConsumerRecord<String, String>> readAllRaw(String topic, Duration quiet) {
        return readAllRaw(SharedInfrastructure.kafkaBootstrapServers(), topic, quiet);
    }

    /** Every record on the topic of a broker other than the shared one (a whole stack, a broker process). */
    public static List<ConsumerRecord<String, String>> readAllRaw(String bootstrapServers, String topic,
            Duration quiet) {
        return readAllRaw(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic, quiet);
    }

    /**
     * Every record on the topic, read with these client settings (a secured broker's principal), without a consumer
     * group: nothing is committed.
     */
    public static List<ConsumerRecord<String, String>> readAllRaw(Map<String, Object> client, String topic,
            Duration quiet) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            int empty = 0;
            while (empty < 1) {
                var batch = consumer.poll(quiet);
                if (batch.isEmpty()) {
                    empty++;
                }
                batch.forEach(records::add);
            }
        }
        return records;
    }

    /** Decodes the payload of an envelope. */
    public static DomainEvent payload(EventEnvelope envelope) {
        return CODEC.payload(envelope).orElseThrow();
    }
}
