package io.eldercare.platform.messaging;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox rows to Kafka, keyed by aggregate, and marks each sent once the broker acknowledged it.
 *
 * <ul>
 * <li><b>One relay per database</b>: the leader holds a session-level advisory lock on a connection of its own for
 * the pass, idle and outside any transaction; it unlocks at the end, and a JVM that dies closes the connection and so
 * frees the lock.</li>
 * <li><b>No transaction while sending</b>: a batch is read in one statement, sent, and the outcome of each wave is
 * recorded in one short transaction.</li>
 * <li><b>Order per aggregate</b> ({@code topic}, {@code message_key}): a batch is sent in waves, the first row of each
 * key, then, once all are acknowledged, the next row of each key whose row went out, and so on. A key whose row failed
 * sends nothing more in this pass, and a row is not read while an earlier row of its key is backing off or parked.
 * Other keys keep flowing.</li>
 * <li><b>Failures</b>: a failed row counts an attempt, keeps its error and waits a doubling pause (capped) before the
 * next. A broker that does not answer ({@link RetriableException}, time-outs) is retried for as long as it takes; a
 * failure a retry cannot change (record too large, not authorised, invalid topic) parks the row after
 * {@code relay-park-after} attempts, for an operator ({@link ParkedOutbox}).</li>
 * </ul>
 * Delivery is at least once: a crash between send and mark sends the rows again, and consumers drop the repeats in
 * their inbox.
 */
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Advisory lock id of the relay ("outbox" in ASCII); one per database, and each service owns its database. */
    static final long RELAY_LOCK = 0x6f7574626f78L;
    /** Failures counted, by {@code outcome}: {@code retriable}, {@code rejected} or {@code parked}. */
    public static final String SEND_FAILURES = "eldercare.outbox.send-failures";
    /** Longer than the producer's delivery time-out: a send that has not completed by then is counted failed. */
    private static final Duration ACKNOWLEDGEMENT_WAIT = Duration.ofSeconds(30);
    private static final int ERROR_LENGTH = 500;

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final KafkaTemplate<String, String> kafka;
    private final int batchSize;
    private final Duration retryInitialInterval;
    private final Duration retryMaxInterval;
    private final int parkAfter;
    private final RelayHook hook;
    private final Counter retriableFailures;
    private final Counter rejectedFailures;
    private final Counter parkedFailures;

    public OutboxRelay(DataSource dataSource, JdbcClient jdbc, TransactionTemplate transaction,
            KafkaTemplate<String, String> kafka, MessagingProperties properties, RelayHook hook, MeterRegistry meters,
            String service) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.kafka = kafka;
        this.batchSize = properties.relayBatchSize();
        this.retryInitialInterval = properties.relayRetryInitialInterval();
        this.retryMaxInterval = properties.relayRetryMaxInterval();
        this.parkAfter = Math.max(1, properties.relayParkAfter());
        this.hook = hook;
        this.retriableFailures = failures(meters, service, "retriable");
        this.rejectedFailures = failures(meters, service, "rejected");
        this.parkedFailures = failures(meters, service, "parked");
    }

    /**
     * Called after each wave of sends, before its outcome is recorded, outside any transaction; a test uses it to
     * kill the relay between sending and marking.
     */
    public interface RelayHook {
        RelayHook NONE = sent -> { };

        void afterSend(int sent);
    }

    @Scheduled(fixedDelayString = "${eldercare.messaging.relay-interval:200ms}")
    public void relayPending() {
        try {
            relay(Integer.MAX_VALUE);
        } catch (RuntimeException e) {
            log.warn("outbox relay pass failed, will retry: {}", e.toString());
        }
    }

    /** One batch, if no other relay of this database is running: returns how many events were sent and marked. */
    public int relayBatch() {
        return relay(1);
    }

    /** Batches while they come full and something goes out, as the leader; 0 when another relay leads. */
    private int relay(int maxBatches) {
        Connection leadership = lead();
        if (leadership == null) {
            return 0;
        }
        try {
            int sent = 0;
            for (int batch = 0; batch < maxBatches; batch++) {
                List<Row> rows = eligible();
                int sentNow = rows.isEmpty() ? 0 : sendInWaves(rows, leadership);
                sent += sentNow;
                if (rows.size() < batchSize || sentNow == 0) {
                    break;
                }
            }
            return sent;
        } finally {
            resign(leadership);
        }
    }

    /**
     * Unsent rows that are neither parked nor backing off, and have no earlier row of their key that is, in id order.
     * One statement, no transaction held.
     */
    private List<Row> eligible() {
        return jdbc.sql("""
                SELECT id, event_id, topic, message_key, event_type, event_version, trace_id, envelope, attempts
                FROM outbox_event e
                WHERE sent_at IS NULL AND parked_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                  AND NOT EXISTS (
                      SELECT 1 FROM outbox_event earlier
                      WHERE earlier.topic = e.topic AND earlier.message_key = e.message_key AND earlier.id < e.id
                        AND earlier.sent_at IS NULL
                        AND (earlier.parked_at IS NOT NULL OR earlier.next_attempt_at > now()))
                ORDER BY id LIMIT ?""")
                .param(batchSize)
                .query((rs, n) -> new Row(rs.getLong("id"), rs.getObject("event_id", UUID.class),
                        rs.getString("topic"), rs.getString("message_key"), rs.getString("event_type"),
                        rs.getInt("event_version"), rs.getString("trace_id"), rs.getString("envelope"),
                        rs.getInt("attempts")))
                .list();
    }

    /** Sends the batch in waves (see the class comment); returns how many rows were acknowledged and marked. */
    private int sendInWaves(List<Row> rows, Connection leadership) {
        Map<Key, Deque<Row>> queues = new LinkedHashMap<>();
        for (Row row : rows) {
            queues.computeIfAbsent(row.key(), key -> new ArrayDeque<>()).add(row);
        }
        int sent = 0;
        while (!queues.isEmpty()) {
            List<Row> wave = queues.values().stream().map(Deque::poll).toList();
            Outcome outcome = send(wave);
            hook.afterSend(outcome.acknowledged().size());
            requireLeadership(leadership);
            record(outcome);
            sent += outcome.acknowledged().size();
            // keys whose row failed, or was not sent, wait for the next pass
            queues.entrySet().removeIf(entry -> entry.getValue().isEmpty()
                    || !outcome.acknowledgedKeys().contains(entry.getKey()));
            if (outcome.interrupted()) {
                break;
            }
        }
        return sent;
    }

    /** Sends one row of each key and waits for all acknowledgements; rows after an unreachable broker are not sent. */
    private Outcome send(List<Row> wave) {
        List<CompletableFuture<SendResult<String, String>>> futures = new ArrayList<>();
        for (Row row : wave) {
            CompletableFuture<SendResult<String, String>> future;
            try {
                future = kafka.send(row.toRecord());
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            futures.add(future);
            // metadata that cannot be fetched fails a send only after max.block.ms: do not wait that for every key
            if (future.isCompletedExceptionally() && retriable(failureOf(future))) {
                break;
            }
        }
        Outcome outcome = new Outcome();
        long deadline = System.nanoTime() + ACKNOWLEDGEMENT_WAIT.toNanos();
        for (int i = 0; i < futures.size(); i++) {
            Row row = wave.get(i);
            try {
                futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                outcome.acknowledged(row);
            } catch (ExecutionException e) {
                outcome.failed(row, e.getCause() == null ? e : e.getCause());
            } catch (TimeoutException e) {
                outcome.failed(row, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome.interrupt();
                break;
            }
        }
        return outcome;
    }

    /**
     * The lock lives on its session: if that session died during the sends, another relay may lead by now, so this
     * one stops before marking anything (what it sent goes again; consumers drop the copies).
     */
    private static void requireLeadership(Connection leadership) {
        boolean alive;
        try {
            alive = leadership.isValid(2);
        } catch (SQLException e) {
            alive = false;
        }
        if (!alive) {
            throw new IllegalStateException("the outbox relay lost its lock's session; another relay may lead");
        }
    }

    /** Marks the acknowledged rows sent and records each failure, in one short transaction. */
    private void record(Outcome outcome) {
        if (outcome.acknowledged().isEmpty() && outcome.failures().isEmpty()) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            if (!outcome.acknowledged().isEmpty()) {
                jdbc.sql("UPDATE outbox_event SET sent_at = now() WHERE id IN (:ids)")
                        .param("ids", outcome.acknowledged()).update();
            }
            for (Failure failure : outcome.failures()) {
                jdbc.sql("""
                        UPDATE outbox_event SET attempts = attempts + 1, last_error = :error,
                               next_attempt_at = CASE WHEN :park THEN NULL ELSE now()
                                   + CAST(:pause AS DOUBLE PRECISION) * INTERVAL '1 millisecond' END,
                               parked_at = CASE WHEN :park THEN now() END
                        WHERE id = :id AND sent_at IS NULL""")
                        .param("error", failure.error())
                        .param("park", failure.park())
                        .param("pause", failure.pause().toMillis())
                        .param("id", failure.row().id())
                        .update();
            }
        });
        for (Failure failure : outcome.failures()) {
            (failure.park() ? parkedFailures : failure.retriable() ? retriableFailures : rejectedFailures).increment();
            if (failure.park()) {
                Row row = failure.row();
                log.error("outbox event {} ({} of {} {}) parked after {} attempts: {}; its later events wait, call "
                        + "POST /internal/outbox/parked/{}/retry once the cause is fixed", row.eventId(), row.type(),
                        row.topic(), row.messageKey(), row.attempts() + 1, failure.error(), row.id());
            }
        }
        if (!outcome.failures().isEmpty()) {
            Failure first = outcome.failures().get(0);
            log.warn("{} outbox events not acknowledged ({} sent in this wave), tried again in {} or more; first: "
                    + "event {}, {}", outcome.failures().size(), outcome.acknowledged().size(), first.pause(),
                    first.row().eventId(), first.error());
        }
    }

    /** The broker did not answer or was not ready: retried for as long as it takes, never parked. */
    static boolean retriable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RetriableException || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Doubling from the initial pause, never above the longest. */
    Duration pauseAfter(int attempts) {
        long initial = Math.max(1, retryInitialInterval.toMillis());
        long pause = initial << Math.min(Math.max(0, attempts - 1), 30);
        return Duration.ofMillis(Math.min(pause, retryMaxInterval.toMillis()));
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.getNow(null);
            return null;
        } catch (RuntimeException e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getName() + ": " + root.getMessage();
        return text.length() <= ERROR_LENGTH ? text : text.substring(0, ERROR_LENGTH - 1) + "…";
    }

    /** The session lock on a connection of its own, held outside any transaction; null when another relay leads. */
    private Connection lead() {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new CannotGetJdbcConnectionException("no connection for the outbox relay", e);
        }
        boolean leader = false;
        try {
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                statement.setLong(1, RELAY_LOCK);
                try (ResultSet result = statement.executeQuery()) {
                    leader = result.next() && result.getBoolean(1);
                }
            }
        } catch (SQLException e) {
            log.warn("outbox relay could not ask for its lock: {}", e.toString());
        } finally {
            if (!leader) {
                closeQuietly(connection);
            }
        }
        return leader ? connection : null;
    }

    /** Unlocks and gives the connection back; one that cannot unlock is dropped, which ends its session and lock. */
    private void resign(Connection connection) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            statement.setLong(1, RELAY_LOCK);
            statement.execute();
        } catch (SQLException e) {
            log.warn("outbox relay could not unlock, dropping its connection: {}", e.toString());
            discard(connection);
            return;
        }
        closeQuietly(connection);
    }

    private void discard(Connection connection) {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
                return;
            }
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            log.warn("outbox relay could not drop its connection: {}", e.toString());
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing the relay's connection failed", e);
        }
    }

    private static Counter failures(MeterRegistry meters, String service, String outcome) {
        return Counter.builder(SEND_FAILURES)
                .description("outbox rows the broker did not acknowledge: retriable (broker unreachable, retried until"
                        + " it answers), rejected (retried a few times), parked (left for an operator)")
                .tag("service", service)
                .tag("outcome", outcome)
                .register(meters);
    }

    /** What one wave came to. */
    private final class Outcome {
        private final List<Long> acknowledged = new ArrayList<>();
        private final Set<Key> acknowledgedKeys = new HashSet<>();
        private final List<Failure> failures = new ArrayList<>();
        private boolean interrupted;

        void acknowledged(Row row) {
            acknowledged.add(row.id());
            acknowledgedKeys.add(row.key());
        }

        void failed(Row row, Throwable failure) {
            boolean retriable = retriable(failure);
            int attempts = row.attempts() + 1;
            boolean park = !retriable && attempts >= parkAfter;
            failures.add(new Failure(row, describe(failure), retriable, park, pauseAfter(attempts)));
        }

        void interrupt() {
            interrupted = true;
        }

        List<Long> acknowledged() {
            return acknowledged;
        }

        Set<Key> acknowledgedKeys() {
            return acknowledgedKeys;
        }

        List<Failure> failures() {
            return failures;
        }

        boolean interrupted() {
            return interrupted;
        }
    }

    private record Failure(Row row, String error, boolean retriable, boolean park, Duration pause) {
    }

    /** An aggregate's events on a topic: the unit of order. */
    private record Key(String topic, String key) {
    }

    private record Row(long id, UUID eventId, String topic, String messageKey, String type, int version,
            String traceId, String envelope, int attempts) {

        Key key() {
            return new Key(topic, messageKey);
        }

        ProducerRecord<String, String> toRecord() {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, messageKey, envelope);
            record.headers().add("eventId", eventId.toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("eventType", type.getBytes(StandardCharsets.UTF_8));
            record.headers().add("eventVersion", Integer.toString(version).getBytes(StandardCharsets.UTF_8));
            if (traceId != null) {
                record.headers().add(TraceIds.KAFKA_HEADER, traceId.getBytes(StandardCharsets.UTF_8));
            }
            return record;
        }
    }
}
