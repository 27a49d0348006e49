package io.eldercare.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox rows to Kafka in id order, keyed by aggregate, and marks each sent. One instance relays
 * at a time (a PostgreSQL advisory lock held for the pass), so per-key order holds with many instances. A row is
 * marked only after the broker acknowledged it: a broker outage or a crash mid-batch leaves rows to be sent again,
 * and consumers drop the duplicates in their inbox.
 */
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Advisory lock id of the relay ("outbox" in ASCII); one per database, and each service owns its database. */
    static final long RELAY_LOCK = 0x6f7574626f78L;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final KafkaTemplate<String, String> kafka;
    private final int batchSize;
    private final RelayHook hook;

    public OutboxRelay(JdbcClient jdbc, TransactionTemplate transaction, KafkaTemplate<String, String> kafka,
            int batchSize, RelayHook hook) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.kafka = kafka;
        this.batchSize = batchSize;
        this.hook = hook;
    }

    /** Called between sending a batch and marking it sent; a test uses it to kill the relay mid-batch. */
    public interface RelayHook {
        RelayHook NONE = sent -> { };

        void afterSend(int sent);
    }

    @Scheduled(fixedDelayString = "${eldercare.messaging.relay-interval:200ms}")
    public void relayPending() {
        try {
            int sent;
            do {
                sent = relayBatch();
            } while (sent == batchSize);
        } catch (RuntimeException e) {
            log.warn("outbox relay pass failed, will retry: {}", e.toString());
        }
    }

    /** One pass: returns how many events were sent and marked. */
    public int relayBatch() {
        Integer sent = transaction.execute(status -> {
            boolean leader = jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(RELAY_LOCK)
                    .query(Boolean.class).single();
            if (!leader) {
                return 0;
            }
            List<Row> rows = jdbc.sql("""
                    SELECT id, event_id, topic, message_key, event_type, event_version, trace_id, envelope
                    FROM outbox_event WHERE sent_at IS NULL ORDER BY id LIMIT ?""")
                    .param(batchSize)
                    .query((rs, n) -> new Row(rs.getLong("id"), rs.getObject("event_id", UUID.class),
                            rs.getString("topic"), rs.getString("message_key"), rs.getString("event_type"),
                            rs.getInt("event_version"), rs.getString("trace_id"), rs.getString("envelope")))
                    .list();
            if (rows.isEmpty()) {
                return 0;
            }
            List<Long> acknowledged = send(rows);
            hook.afterSend(acknowledged.size());
            if (!acknowledged.isEmpty()) {
                jdbc.sql("UPDATE outbox_event SET sent_at = now() WHERE id IN (:ids)")
                        .param("ids", acknowledged).update();
            }
            return acknowledged.size();
        });
        return sent == null ? 0 : sent;
    }

    /** Sends all, then keeps the acknowledged prefix: after the first failure nothing is marked, to keep order. */
    private List<Long> send(List<Row> rows) {
        List<CompletableFuture<SendResult<String, String>>> futures = new ArrayList<>();
        for (Row row : rows) {
            try {
                futures.add(kafka.send(row.toRecord()));
            } catch (RuntimeException e) {
                futures.add(CompletableFuture.failedFuture(e));
                break;
            }
        }
        List<Long> acknowledged = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get(30, TimeUnit.SECONDS);
                acknowledged.add(rows.get(i).id());
            } catch (ExecutionException | TimeoutException e) {
                log.warn("broker did not acknowledge event {}; {} of {} sent this pass", rows.get(i).eventId(),
                        acknowledged.size(), rows.size());
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return acknowledged;
    }

    private record Row(long id, UUID eventId, String topic, String key, String type, int version, String traceId,
            String envelope) {

        ProducerRecord<String, String> toRecord() {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, envelope);
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
