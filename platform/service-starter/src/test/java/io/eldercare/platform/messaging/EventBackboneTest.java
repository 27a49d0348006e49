package io.eldercare.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eldercare.events.EventCodec;
import io.eldercare.events.EventEnvelope;
import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.platform.web.DomainException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import io.eldercare.testsupport.EventProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * The backbone's promises: nothing lost, nothing applied twice, poison records set aside and replayable, transient
 * failures outlasted, order kept per key.
 */
@SpringBootTest(classes = BackboneTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = BackboneInfrastructure.class)
class EventBackboneTest {

    private static final String TOPIC = "eldercare.backbone.events";
    private static final String DEAD_LETTERS = MessagingProperties.deadLetterTopic(TOPIC, "backbone-test");
    private static final int PARTITIONS = 3;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final UUID POISONED_ELDER = UUID.fromString("00000000-0000-0000-0000-00000000dead");

    @Autowired
    Outbox outbox;
    @Autowired
    OutboxRelay relay;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DeadLettersEndpoint deadLettersEndpoint;
    @Autowired
    MeterRegistry meters;
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
        UUID elder = POISONED_ELDER;
        String poison = "{not an envelope " + UUID.randomUUID();
        send(elder.toString(), poison);
        EventEnvelope after = codec.envelope(completed(elder), 1, "test", null, OffsetDateTime.now());
        send(elder.toString(), codec.write(after));

        await().atMost(PATIENCE).until(() -> effectsOf(List.of(after)).size() == 1);
        await().atMost(PATIENCE).until(() -> read(DEAD_LETTERS).stream().anyMatch(r -> poison.equals(r.value())));
    }

    @Test
    void aHandledTypeAtAVersionThisBuildCannotReadIsParkedAndAppliedOnceWhenReplayedByABuildThatReadsIt() {
        // the malformed record above stays in the dead-letter topic and stops its partition's replay
        UUID elder = elderOnAnotherPartitionThan(POISONED_ELDER);
        double parkedBefore = parked();
        double deadLetteredBefore = deadLettered("unknown-version");
        EventEnvelope v99 = version99(completed(elder));
        send(elder.toString(), codec.write(v99));
        EventEnvelope after = codec.envelope(completed(elder), 2, "test", null, OffsetDateTime.now());
        send(elder.toString(), codec.write(after));

        await().atMost(PATIENCE).until(() -> effectsOf(List.of(after)).size() == 1);
        await().atMost(PATIENCE).until(() -> deadLetterOf(v99) != null);
        assertThat(effectsOf(List.of(v99))).as("not applied, and not lost either").isEmpty();
        assertThat(parked() - parkedBefore).isEqualTo(1);
        assertThat(deadLettered("unknown-version") - deadLetteredBefore).isEqualTo(1);
        assertThat(asRole("DISTRICT_ADMIN", deadLettersEndpoint::waiting).get(DEAD_LETTERS)).isPositive();

        BackboneTestApplication.READS_V99.set(true);
        try {
            DeadLetters.Replay replay = asRole("DISTRICT_ADMIN", deadLettersEndpoint::replay).get(DEAD_LETTERS);
            DeadLetters.Replay again = asRole("SERVICE", deadLettersEndpoint::replay).get(DEAD_LETTERS);

            ConsumerRecord<String, String> parkedRecord = deadLetterOf(v99);
            assertThat(replay.replayed()).isPositive();
            assertThat(replay.failures()).noneMatch(failure -> failure.partition() == parkedRecord.partition()
                    && failure.offset() == parkedRecord.offset());
            assertThat(effectsOf(List.of(v99))).hasSize(1);
            assertThat(again.replayed()).as("the replay group committed it").isZero();
            assertThat(effectsOf(List.of(v99))).hasSize(1);
        } finally {
            BackboneTestApplication.READS_V99.set(false);
        }
    }

    @Test
    void onlyADistrictAdministratorOrAServiceMayReplayDeadLetters() {
        assertThatThrownBy(() -> asRole("ELDER", deadLettersEndpoint::replay))
                .isInstanceOfSatisfying(DomainException.class,
                        refused -> assertThat(refused.status()).isEqualTo(HttpStatus.FORBIDDEN));
        assertThatThrownBy(deadLettersEndpoint::waiting)
                .isInstanceOfSatisfying(DomainException.class,
                        refused -> assertThat(refused.status()).isEqualTo(HttpStatus.UNAUTHORIZED));
    }

    @Test
    void aTypeNoHandlerNamesIsSkippedWithoutADeadLetter() {
        UUID elder = UUID.randomUUID();
        EventEnvelope unnamed = codec.read("""
                {"eventId":"%s","type":"SomethingNobodyHandles","version":1,"aggregateId":"%s","sequence":1,
                 "payload":{}}""".formatted(UUID.randomUUID(), elder));
        EventEnvelope newerUnnamed = codec.read("""
                {"eventId":"%s","type":"MonthClosed","version":99,"aggregateId":"%s","sequence":2,
                 "payload":{"period":"2026-11"}}""".formatted(UUID.randomUUID(), elder));
        send(elder.toString(), codec.write(unnamed));
        send(elder.toString(), codec.write(newerUnnamed));
        EventEnvelope after = codec.envelope(completed(elder), 3, "test", null, OffsetDateTime.now());
        send(elder.toString(), codec.write(after));

        await().atMost(PATIENCE).until(() -> effectsOf(List.of(after)).size() == 1);
        assertThat(deadLetterOf(unnamed)).isNull();
        assertThat(deadLetterOf(newerUnnamed)).isNull();
        assertThat(jdbc.sql("SELECT count(*) FROM inbox_event WHERE event_id IN (?, ?)")
                .params(unnamed.eventId(), newerUnnamed.eventId()).query(Long.class).single())
                .as("skipped before the inbox").isZero();
    }

    @Test
    void aHandlerThatFailsForAWhileIsAppliedOnceAndNothingIsDeadLettered() {
        WorkOrderCompleted flaky = completed(UUID.randomUUID());
        AtomicInteger failuresLeft = new AtomicInteger(3);
        BackboneTestApplication.FAILURES_BEFORE_SUCCESS.put(flaky.orderId(), failuresLeft);
        EventEnvelope envelope = codec.envelope(flaky, 1, "test", null, OffsetDateTime.now());
        send(flaky.elderId().toString(), codec.write(envelope));

        await().atMost(PATIENCE).until(() -> effectsOf(List.of(envelope)).size() == 1);
        assertThat(failuresLeft).as("three failures, then one success").hasValue(-1);
        assertThat(deadLetterOf(envelope)).isNull();
        assertThat(effectsOf(List.of(envelope))).hasSize(1);
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
            EventEnvelope event = transaction.execute(status -> outbox.publish(completed(UUID.randomUUID())));

            assertThat(relay.relayBatch()).as("another instance holds the relay").isZero();
            assertThat(unsent(List.of(event))).isOne();

            statement.execute("SELECT pg_advisory_unlock(" + OutboxRelay.RELAY_LOCK + ")");
            await().atMost(PATIENCE).until(() -> unsent(List.of(event)) == 0);
        }
    }

    private EventEnvelope version99(WorkOrderCompleted completed) {
        EventEnvelope v1 = codec.envelope(completed, 1, "test", null, OffsetDateTime.now());
        ObjectNode payload = (ObjectNode) v1.payload().deepCopy();
        payload.set("totalFen", payload.remove("amountFen"));
        payload.put("visitMinutes", 40);
        return new EventEnvelope(v1.eventId(), v1.type(), 99, v1.occurredAt(), v1.aggregateType(), v1.aggregateId(),
                v1.sequence(), v1.producer(), v1.traceId(), payload);
    }

    /** An elder whose records go to another partition than the given one's (the default partitioner's choice). */
    private static UUID elderOnAnotherPartitionThan(UUID other) {
        while (true) {
            UUID elder = UUID.randomUUID();
            if (partitionOf(elder) != partitionOf(other)) {
                return elder;
            }
        }
    }

    private static int partitionOf(UUID elder) {
        return Utils.toPositive(Utils.murmur2(elder.toString().getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    private ConsumerRecord<String, String> deadLetterOf(EventEnvelope envelope) {
        return read(DEAD_LETTERS).stream().filter(r -> r.value().contains(envelope.eventId().toString()))
                .findFirst().orElse(null);
    }

    private double parked() {
        Counter counter = meters.find(EventDispatcher.PARKED).tags("consumer", "backbone-test",
                "type", "WorkOrderCompleted", "version", "99", "reason", "unknown-version").counter();
        return counter == null ? 0 : counter.count();
    }

    private double deadLettered(String reason) {
        Counter counter = meters.find(MessagingAutoConfiguration.DEAD_LETTERED)
                .tags("consumer", "backbone-test", "topic", TOPIC, "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static <T> T asRole(String role, Supplier<T> call) {
        return SignedIn.asRole(role, call);
    }

    private static WorkOrderCompleted completed(UUID elder) {
        return SignedIn.completed(elder);
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
