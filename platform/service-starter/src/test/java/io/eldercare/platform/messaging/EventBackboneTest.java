package io.eldercare.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eldercare.events.EventCodec;
import io.eldercare.events.EventEnvelope;
import io.eldercare.events.WorkOrderCompleted;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import io.eldercare.testsupport.EventProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/** The backbone's promises: nothing lost, nothing applied twice, poison records set aside, order kept per key. */
@SpringBootTest(classes = BackboneTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = BackboneInfrastructure.class)
class EventBackboneTest {

    private static final String TOPIC = "eldercare.backbone.events";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    Outbox outbox;
    @Autowired
    OutboxRelay relay;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    JdbcClient jdbc;
    @Value("${spring.datasource.url}")
    String jdbcUrl;

    private final EventCodec codec = new EventCodec();

    @BeforeEach
    void brokerIsUp() {
        if (!BackboneInfrastructure.BROKER.isRunning()) {
            BackboneInfrastructure.BROKER.restart();
        }
    }

    @Test
    void eventsCommittedWhileTheBrokerIsDownAllArriveOnceItReturnsAndNoneTwice() {
        BackboneInfrastructure.BROKER.stop();
        List<UUID> elders = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<EventEnvelope> published = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            UUID elder = elders.get(i % elders.size());
            published.add(transaction.execute(status -> outbox.publish(completed(elder))));
        }
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> effectsOf(published).isEmpty());
        assertThat(unsent(published)).isEqualTo(published.size());

        BackboneInfrastructure.BROKER.restart();

        await().atMost(PATIENCE).until(() -> effectsOf(published).size() == published.size());
        assertThat(effectsOf(published)).doesNotHaveDuplicates();
        assertThat(unsent(published)).isZero();
        for (UUID elder : elders) {
            assertThat(sequencesApplied(elder)).as("elder %s events applied in order", elder).isSorted()
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void theSameEventDeliveredTwiceHasOneEffect() {
        UUID elder = UUID.randomUUID();
        EventEnvelope envelope = codec.envelope(completed(elder), 1, "test", null, OffsetDateTime.now());
        send(elder.toString(), codec.write(envelope));
        send(elder.toString(), codec.write(envelope));
        EventEnvelope marker = codec.envelope(completed(elder), 2, "test", null, OffsetDateTime.now());
        send(elder.toString(), codec.write(marker));

        await().atMost(PATIENCE).until(() -> effectsOf(List.of(marker)).size() == 1);
        assertThat(effectsOf(List.of(envelope))).hasSize(1);
    }

    @Test
    void aMalformedRecordGoesToItsDeadLetterTopicAndThePartitionCarriesOn() {
        UUID elder = UUID.randomUUID();
        String poison = "{not an envelope " + UUID.randomUUID();
        send(elder.toString(), poison);
        EventEnvelope after = codec.envelope(completed(elder), 1, "test", null, OffsetDateTime.now());
        send(elder.toString(), codec.write(after));

        await().atMost(PATIENCE).until(() -> effectsOf(List.of(after)).size() == 1);
        String deadLetters = MessagingProperties.deadLetterTopic(TOPIC, "backbone-test");
        await().atMost(PATIENCE).until(() -> read(deadLetters).stream().anyMatch(r -> poison.equals(r.value())));
    }

    @Test
    void aRelayKilledMidBatchLosesNothingAndItsResentEventsApplyOnce() {
        UUID elder = UUID.randomUUID();
        BackboneTestApplication.KILL_RELAY_AFTER_SEND.set(true);
        List<EventEnvelope> published = transaction.execute(status -> {
            List<EventEnvelope> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(outbox.publish(completed(elder)));
            }
            return batch;
        });

        await().atMost(PATIENCE).until(() -> effectsOf(published).size() == published.size());
        assertThat(BackboneTestApplication.KILL_RELAY_AFTER_SEND).isFalse();
        assertThat(effectsOf(published)).doesNotHaveDuplicates();
        Set<UUID> ids = published.stream().map(EventEnvelope::eventId).collect(Collectors.toSet());
        long onTopic = read(TOPIC).stream().map(ConsumerRecord::value)
                .filter(value -> ids.stream().anyMatch(id -> value.contains(id.toString()))).count();
        assertThat(onTopic).as("the killed pass had sent them once already").isGreaterThan(published.size());
    }

    @Test
    void anEventCanOnlyBeRecordedWithinTheTransactionOfItsChange() {
        assertThatThrownBy(() -> outbox.publish(completed(UUID.randomUUID())))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void sequencesAreGaplessPerAggregateEvenAfterARollback() {
        UUID elder = UUID.randomUUID();
        transaction.execute(status -> outbox.publish(completed(elder)));
        transaction.executeWithoutResult(status -> {
            outbox.publish(completed(elder));
            status.setRollbackOnly();
        });
        EventEnvelope second = transaction.execute(status -> outbox.publish(completed(elder)));

        assertThat(second.sequence()).isEqualTo(2);
    }

    @Test
    void onlyOneRelayPublishesAtATime() throws Exception {
        try (Connection other = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                Statement statement = other.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + OutboxRelay.RELAY_LOCK + ")");
            transaction.execute(status -> outbox.publish(completed(UUID.randomUUID())));

            assertThat(relay.relayBatch()).as("another instance holds the relay").isZero();

            statement.execute("SELECT pg_advisory_unlock(" + OutboxRelay.RELAY_LOCK + ")");
        }
    }

    private static WorkOrderCompleted completed(UUID elder) {
        return new WorkOrderCompleted(UUID.randomUUID(), elder, UUID.randomUUID(), "HP-HAIRCUT", "HUANGPI-2020",
                "PER_TIME", 2000, 1, 2000, 2000, 0, LocalDate.of(2026, 11, 20), Instant.now(), "TEST");
    }

    private List<UUID> effectsOf(List<EventEnvelope> events) {
        List<UUID> ids = events.stream().map(EventEnvelope::eventId).toList();
        return jdbc.sql("SELECT event_id FROM test_effect WHERE event_id IN (:ids)").param("ids", ids)
                .query(UUID.class).list();
    }

    private long unsent(List<EventEnvelope> events) {
        List<UUID> ids = events.stream().map(EventEnvelope::eventId).toList();
        return jdbc.sql("SELECT count(*) FROM outbox_event WHERE sent_at IS NULL AND event_id IN (:ids)")
                .param("ids", ids).query(Long.class).single();
    }

    private List<Long> sequencesApplied(UUID elder) {
        return jdbc.sql("SELECT sequence FROM test_effect WHERE elder_id = ? ORDER BY id").param(elder)
                .query(Long.class).list();
    }

    private static void send(String key, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BackboneInfrastructure.BROKER.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ConsumerRecord<String, String>> read(String topic) {
        return EventProbe.readAllRaw(BackboneInfrastructure.BROKER.bootstrapServers(), topic, Duration.ofSeconds(2));
    }
}
