package io.eldercare.platform.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This service's dead-letter topics: how many records wait in each, and a replay of them into this service's own
 * {@link EventDispatcher}. Nothing is re-published to the source topic, so other consumers never see a record twice.
 * Progress is the committed offset of the consumer group {@code <service>.dlt-replay}; a record that fails again stops
 * the replay of its partition, stays parked and is reported.
 */
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    /** Empty polls before a partition whose end was not reached is given up for this replay. */
    private static final int IDLE_POLLS = 5;

    private final Map<String, Object> consumerConfig;
    private final EventDispatcher dispatcher;
    private final List<String> topics;

    /** The outcome of a replay of one dead-letter topic. */
    public record Replay(long replayed, long failed, long remaining, List<Failure> failures) {
    }

    /** A record that failed again: it stays parked and stops its partition's replay. */
    public record Failure(int partition, long offset, String reason) {
    }

    public DeadLetters(Map<String, Object> kafkaConsumerConfig, EventDispatcher dispatcher,
            List<String> deadLetterTopics, String consumer) {
        Map<String, Object> config = new HashMap<>(kafkaConsumerConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, replayGroup(consumer));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        this.consumerConfig = Map.copyOf(config);
        this.dispatcher = dispatcher;
        this.topics = List.copyOf(deadLetterTopics);
    }

    /** The consumer group whose committed offsets mark how far each dead-letter topic has been replayed. */
    public static String replayGroup(String consumer) {
        return consumer + ".dlt-replay";
    }

    /** Records in each dead-letter topic beyond the replay group's offset. */
    public Map<String, Long> waiting() {
        Map<String, Long> waiting = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            for (String topic : topics) {
                List<TopicPartition> partitions = partitionsOf(consumer, topic);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                Map<TopicPartition, Long> starts = replayedUpTo(consumer, partitions);
                waiting.put(topic, partitions.stream().mapToLong(p -> ends.get(p) - starts.get(p)).sum());
            }
        }
        return waiting;
    }

    /**
     * Hands every waiting record, partition by partition and in offset order, to the dispatcher and commits it. Only
     * records present when the replay starts are replayed. One replay at a time per instance; should two instances
     * replay at once, the inbox still applies each event once.
     */
    public synchronized Map<String, Replay> replay() {
        Map<String, Replay> outcome = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            for (String topic : topics) {
                outcome.put(topic, replay(consumer, topic));
            }
        }
        return outcome;
    }

    private Replay replay(KafkaConsumer<String, String> consumer, String topic) {
        List<TopicPartition> partitions = partitionsOf(consumer, topic);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> starts = replayedUpTo(consumer, partitions);
        long replayed = 0;
        long remaining = 0;
        List<Failure> failures = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            long end = ends.get(partition);
            long next = starts.get(partition);
            consumer.assign(List.of(partition));
            consumer.seek(partition, next);
            int idle = 0;
            reading:
            while (next < end && idle < IDLE_POLLS) {
                ConsumerRecords<String, String> records = consumer.poll(POLL);
                idle = records.isEmpty() ? idle + 1 : 0;
                for (ConsumerRecord<String, String> record : records.records(partition)) {
                    if (record.offset() >= end) {
                        break reading;
                    }
                    try {
                        dispatcher.onMessage(record);
                    } catch (RuntimeException e) {
                        log.warn("replay of {}-{}@{} failed again, the partition's replay stops there: {}", topic,
                                partition.partition(), record.offset(), e.toString());
                        failures.add(new Failure(partition.partition(), record.offset(), e.toString()));
                        break reading;
                    }
                    next = record.offset() + 1;
                    consumer.commitSync(Map.of(partition, new OffsetAndMetadata(next)));
                    replayed++;
                }
                // past offsets that hold no record (transaction markers)
                next = Math.max(next, Math.min(end, consumer.position(partition)));
            }
            remaining += end - next;
        }
        if (replayed > 0 || !failures.isEmpty()) {
            log.info("replayed {} records of {}; {} failed again, {} remain", replayed, topic, failures.size(),
                    remaining);
        }
        return new Replay(replayed, failures.size(), remaining, failures);
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<String, String> consumer, String topic) {
        return consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
    }

    /** The replay group's committed offset of each partition, or its first offset when nothing was replayed yet. */
    private static Map<TopicPartition, Long> replayedUpTo(KafkaConsumer<String, String> consumer,
            List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> starts = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            starts.put(partition, Math.max(beginnings.get(partition), offset == null ? 0 : offset.offset()));
        }
        return starts;
    }
}
