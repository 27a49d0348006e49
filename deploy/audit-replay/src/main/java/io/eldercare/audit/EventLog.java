package io.eldercare.audit;

import io.eldercare.events.EventCodec;
import io.eldercare.events.EventEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every {@code eldercare.<service>.events} topic from offset 0 up to the end offsets it finds when it starts
 * (events published during the replay belong to the next one), partition by partition in offset order, without a
 * consumer group: the replay commits nothing and moves no service's offsets.
 */
final class EventLog {

    /** The domain topics; dead-letter topics ({@code ….events.DLT}) hold copies and are not read. */
    static final Pattern DOMAIN_TOPIC = Pattern.compile("eldercare\\.[a-z-]+\\.events");

    private final String bootstrapServers;
    private final Map<String, Object> client;
    private final EventCodec codec = new EventCodec();

    /** {@code client}: further client settings, e.g. the auditor's SASL credentials. */
    EventLog(String bootstrapServers, Map<String, Object> client) {
        this.bootstrapServers = bootstrapServers;
        this.client = client;
    }

    /** Hands each event to {@code sink} with its topic; returns how many were read per topic. */
    Map<String, Long> readAll(BiConsumer<String, EventEnvelope> sink) {
        Properties properties = new Properties();
        properties.putAll(client);
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "eldercare-audit-replay");
        Map<String, Long> counts = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Map.Entry<String, List<PartitionInfo>> topic : consumer.listTopics(Duration.ofSeconds(30))
                    .entrySet()) {
                if (DOMAIN_TOPIC.matcher(topic.getKey()).matches()) {
                    counts.put(topic.getKey(), 0L);
                    topic.getValue().forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            end.entrySet().removeIf(e -> e.getValue() == 0);
            while (!end.isEmpty()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    Long last = end.get(partition);
                    if (last == null || record.offset() >= last) {
                        continue;
                    }
                    sink.accept(record.topic(), codec.read(record.value()));
                    counts.merge(record.topic(), 1L, Long::sum);
                }
                end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        return counts;
    }
}
