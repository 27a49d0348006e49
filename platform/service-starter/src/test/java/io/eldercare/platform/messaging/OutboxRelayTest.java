package io.eldercare.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eldercare.events.EventEnvelope;
import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.web.DomainException;
import io.eldercare.testsupport.EventProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay never stalls: a row that cannot be sent is retried, recorded and parked without holding up other
 * aggregates or breaking its own aggregate's order; a broker that is away is waited for; nothing is sent inside a
 * database transaction; old rows are pruned. Shares {@link EventBackboneTest}'s context, broker and database.
 */
@SpringBootTest(classes = BackboneTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = BackboneInfrastructure.class)
class OutboxRelayTest {

    private static final String TOPIC = "eldercare.backbone.events";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** More than the producer's max.request.size (1 MiB): the client refuses the record, a retry cannot help. */
    private static final int TOO_LARGE = 1_100_000;

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ParkedOutboxEndpoint parkedEndpoint;
    @Autowired
    MessagingProperties properties;
    @Autowired
    MeterRegistry meters;
    @Value("${spring.datasource.url}")
    String jdbcUrl;

    @BeforeEach
    void brokerIsUp() {
        if (!BackboneInfrastructure.BROKER.isRunning()) {
            BackboneInfrastructure.BROKER.restart();
        }
    }

    @Test
    void aRowTheBrokerRefusesIsRetriedThenParkedWhileOtherAggregatesFlowAndItsOwnLaterRowsWaitUntilAnOperatorRetriesIt() {
        UUID elder = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        double parkedBefore = failures("parked");
        double rejectedBefore = failures("rejected");
        List<EventEnvelope> own = transaction.execute(status -> {
            EventEnvelope tooLarge = outbox.publish(completed(elder));
            pad(tooLarge);
            return List.of(tooLarge, outbox.publish(completed(elder)), outbox.publish(completed(elder)));
        });
        List<EventEnvelope> others = transaction.execute(status -> List.of(outbox.publish(completed(other)),
                outbox.publish(completed(other))));
        EventEnvelope refused = own.get(0);

        await().atMost(PATIENCE).until(() -> effectsOf(others).size() == 2);
        await().atMost(PATIENCE).until(() -> row(refused).get("parked_at") != null);
        int parkAfter = properties.relayParkAfter();
        assertThat(row(refused)).containsEntry("attempts", parkAfter).containsEntry("sent_at", null);
        assertThat((String) row(refused).get("last_error")).contains("RecordTooLargeException");
        assertThat(failures("parked") - parkedBefore).isEqualTo(1);
        assertThat(failures("rejected") - rejectedBefore).isEqualTo(parkAfter - 1);
        assertThat(meters.find(ParkedOutbox.PARKED).tag("service", "backbone-test").gauge())
                .extracting(Gauge::value).satisfies(value -> assertThat(value).isGreaterThanOrEqualTo(1));
        ParkedOutbox.Parked listed = asRole("DISTRICT_ADMIN", parkedEndpoint::parked).stream()
                .filter(parked -> parked.eventId().equals(refused.eventId())).findFirst().orElseThrow();
        assertThat(listed.key()).isEqualTo(elder.toString());
        assertThat(listed.attempts()).isEqualTo(parkAfter);
        assertThat(listed.lastError()).contains("max.request.size");
        assertThat(listed.waitingBehind()).isEqualTo(2);
        // the aggregate's later rows were never tried: its order holds
        assertThat(effectsOf(own)).isEmpty();
        for (EventEnvelope later : own.subList(1, 3)) {
            assertThat(row(later)).containsEntry("attempts", 0).containsEntry("sent_at", null);
        }

        // retried before the cause is fixed: refused again, parked again at once (attempts are kept)
        asRole("SERVICE", () -> parkedEndpoint.retry(listed.id()));
        await().atMost(PATIENCE).until(() -> (int) row(refused).get("attempts") == parkAfter + 1
                && row(refused).get("parked_at") != null);
        assertThat(effectsOf(own)).isEmpty();

        jdbc.sql("UPDATE outbox_event SET envelope = rtrim(envelope) WHERE event_id = ?").param(refused.eventId())
                .update();
        assertThat(asRole("DISTRICT_ADMIN", parkedEndpoint::retryAll).retried()).isPositive();

        await().atMost(PATIENCE).until(() -> effectsOf(own).size() == 3);
        assertThat(sequencesApplied(elder)).containsExactly(1L, 2L, 3L);
        List<UUID> ids = own.stream().map(EventEnvelope::eventId).toList();
        assertThat(read(TOPIC).stream().filter(record -> elder.toString().equals(record.key()))
                .map(record -> ids.stream().filter(id -> record.value().contains(id.toString())).findFirst()
                        .orElseThrow()))
                .as("sent once each, in order").containsExactlyElementsOf(ids);
    }

    @Test
    void aBrokerThatDoesNotAnswerIsWaitedForPastTheParkingLimitAndTheRowGoesOutWhenItIsBack() {
        UUID elder = UUID.randomUUID();
        BackboneInfrastructure.BROKER.stop();
        int longOutage = properties.relayParkAfter() + 10;
        EventEnvelope waiting = transaction.execute(status -> {
            EventEnvelope envelope = outbox.publish(completed(elder));
            // as if it had been failing for a long while already
            jdbc.sql("UPDATE outbox_event SET attempts = ? WHERE event_id = ?")
                    .params(longOutage, envelope.eventId()).update();
            return envelope;
        });

        await().atMost(PATIENCE).until(() -> (int) row(waiting).get("attempts") > longOutage);
        assertThat(row(waiting)).containsEntry("parked_at", null).containsEntry("sent_at", null);
        assertThat((String) row(waiting).get("last_error")).containsIgnoringCase("timeout");

        BackboneInfrastructure.BROKER.restart();

        await().atMost(PATIENCE).until(() -> effectsOf(List.of(waiting)).size() == 1);
        assertThat(row(waiting).get("parked_at")).isNull();
    }

    @Test
    void sendingHappensOutsideAnyDatabaseTransactionAndTheLeaderHoldsNone() {
        CompletableFuture<Map<String, Object>> seen = new CompletableFuture<>();
        BackboneTestApplication.ONCE_AFTER_SEND.set(() -> {
            try {
                seen.complete(Map.of("springTransaction", TransactionSynchronizationManager.isActualTransactionActive(),
                        "leader", leaderSession()));
            } catch (Exception | AssertionError e) {
                seen.completeExceptionally(e);
            }
        });
        EventEnvelope event = transaction.execute(status -> outbox.publish(completed(UUID.randomUUID())));

        Map<String, Object> observed = seen.orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS)
                .join();
        assertThat(observed).containsEntry("springTransaction", false);
        assertThat(observed.get("leader")).as("the relay's lock session while its records are on their way")
                .isEqualTo(Map.of("state", "idle", "inTransaction", false));
        await().atMost(PATIENCE).until(() -> row(event).get("sent_at") != null);
    }

    @Test
    void pruningDeletesOnlyRowsPastTheirRetentionInChunks() {
        String consumer = "prune-test-" + UUID.randomUUID();
        String key = "prune-" + UUID.randomUUID();
        insertOutbox(key, 12, "now() - interval '2 hours'", "now() - interval '2 hours'");
        insertOutbox(key, 3, "now() - interval '3 hours'", "now() - interval '30 minutes'");
        // never sent, and backing off for a year so that the relay leaves them alone here
        insertOutbox(key, 2, "now() - interval '30 days'", null);
        jdbc.sql("""
                INSERT INTO inbox_event (consumer, event_id, event_type, received_at)
                SELECT ?, gen_random_uuid(), 'Test', now() - interval '2 hours' FROM generate_series(1, 7)""")
                .param(consumer).update();
        jdbc.sql("""
                INSERT INTO inbox_event (consumer, event_id, event_type, received_at)
                SELECT ?, gen_random_uuid(), 'Test', now() - interval '10 minutes' FROM generate_series(1, 2)""")
                .param(consumer).update();

        MessagingRetention.Pruned pruned = new MessagingRetention(jdbc, Duration.ofHours(1), Duration.ofHours(1), 5)
                .prune();

        assertThat(pruned.outboxChunks()).containsExactly(5, 5, 2);
        assertThat(pruned.inboxChunks()).containsExactly(5, 2);
        assertThat(jdbc.sql("SELECT count(*) FROM outbox_event WHERE message_key = ? AND sent_at IS NOT NULL")
                .param(key).query(Long.class).single()).as("sent within the retention").isEqualTo(3);
        assertThat(jdbc.sql("SELECT count(*) FROM outbox_event WHERE message_key = ? AND sent_at IS NULL")
                .param(key).query(Long.class).single()).as("never sent, however old").isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM inbox_event WHERE consumer = ?").param(consumer)
                .query(Long.class).single()).isEqualTo(2);
        jdbc.sql("DELETE FROM outbox_event WHERE message_key = ?").param(key).update();
    }

    @Test
    void onlyADistrictAdministratorOrAServiceMaySeeOrRetryParkedOutboxRows() {
        assertThatThrownBy(() -> asRole("ELDER", parkedEndpoint::parked))
                .isInstanceOfSatisfying(DomainException.class,
                        refused -> assertThat(refused.status()).isEqualTo(HttpStatus.FORBIDDEN));
        assertThatThrownBy(() -> asRole("OPERATOR", parkedEndpoint::retryAll))
                .isInstanceOfSatisfying(DomainException.class,
                        refused -> assertThat(refused.status()).isEqualTo(HttpStatus.FORBIDDEN));
        assertThatThrownBy(() -> parkedEndpoint.retry(1))
                .isInstanceOfSatisfying(DomainException.class,
                        refused -> assertThat(refused.status()).isEqualTo(HttpStatus.UNAUTHORIZED));
        assertThatThrownBy(() -> asRole("DISTRICT_ADMIN", () -> parkedEndpoint.retry(Long.MAX_VALUE)))
                .isInstanceOfSatisfying(Refusal.class,
                        missing -> assertThat(missing.kind()).isEqualTo(Refusal.Kind.NOT_FOUND));
    }

    /** Pads the envelope with trailing blanks (still the same JSON) past what the producer accepts. */
    private void pad(EventEnvelope envelope) {
        jdbc.sql("UPDATE outbox_event SET envelope = envelope || repeat(' ', ?) WHERE event_id = ?")
                .params(TOO_LARGE, envelope.eventId()).update();
    }

    private void insertOutbox(String key, int rows, String createdAt, String sentAt) {
        jdbc.sql("""
                INSERT INTO outbox_event (event_id, topic, message_key, event_type, event_version, envelope,
                                          created_at, sent_at, next_attempt_at)
                SELECT gen_random_uuid(), 'eldercare.prune.events', ?, 'Test', 1, '{}', %s, %s,
                       now() + interval '1 year'
                FROM generate_series(1, ?)""".formatted(createdAt, sentAt == null ? "NULL" : sentAt))
                .params(key, rows).update();
    }

    /** The session holding the relay's advisory lock, seen from another connection. */
    private Map<String, Object> leaderSession() throws Exception {
        try (Connection other = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                PreparedStatement query = other.prepareStatement("""
                        SELECT a.state, a.xact_start IS NOT NULL AS in_transaction
                        FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                          AND l.classid::bigint = ? AND l.objid::bigint = ?""")) {
            query.setLong(1, OutboxRelay.RELAY_LOCK >>> 32);
            query.setLong(2, OutboxRelay.RELAY_LOCK & 0xffffffffL);
            try (ResultSet result = query.executeQuery()) {
                assertThat(result.next()).as("a relay holds the lock").isTrue();
                return Map.of("state", result.getString("state"), "inTransaction",
                        result.getBoolean("in_transaction"));
            }
        }
    }

    private Map<String, Object> row(EventEnvelope envelope) {
        return jdbc.sql("""
                SELECT attempts, last_error, next_attempt_at, parked_at, sent_at FROM outbox_event
                WHERE event_id = ?""").param(envelope.eventId()).query().singleRow();
    }

    private double failures(String outcome) {
        Counter counter = meters.find(OutboxRelay.SEND_FAILURES).tags("service", "backbone-test", "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private List<UUID> effectsOf(List<EventEnvelope> events) {
        List<UUID> ids = events.stream().map(EventEnvelope::eventId).toList();
        return jdbc.sql("SELECT event_id FROM test_effect WHERE event_id IN (:ids)").param("ids", ids)
                .query(UUID.class).list();
    }

    private List<Long> sequencesApplied(UUID elder) {
        return jdbc.sql("SELECT sequence FROM test_effect WHERE elder_id = ? ORDER BY id").param(elder)
                .query(Long.class).list();
    }

    private static List<ConsumerRecord<String, String>> read(String topic) {
        return EventProbe.readAllRaw(BackboneInfrastructure.BROKER.bootstrapServers(), topic, Duration.ofSeconds(2));
    }

    private static <T> T asRole(String role, Supplier<T> call) {
        return SignedIn.asRole(role, call);
    }

    private static WorkOrderCompleted completed(UUID elder) {
        return SignedIn.completed(elder);
    }
}
