package io.eldercare.platform.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Outbox rows the relay gave up on (see {@link OutboxRelay}): listed for operators, without their envelopes, and sent
 * again on command. A retry clears {@code parked_at} and {@code next_attempt_at} so that the relay sends the row on its
 * next pass, followed by the rows of its aggregate that waited behind it, in order. {@code attempts} and
 * {@code last_error} are kept as history: a retried row that is refused again is parked again at once.
 */
public class ParkedOutbox {

    /** Metric: parked outbox rows of this service. */
    public static final String PARKED = "eldercare.outbox.parked";
    private static final int LIST_LIMIT = 500;

    private final JdbcClient jdbc;

    /** A parked row: what it is and why it failed, never its envelope. */
    public record Parked(long id, UUID eventId, String type, int version, String topic, String key, int attempts,
            String lastError, Instant createdAt, Instant parkedAt, long waitingBehind) {
    }

    /** How many parked rows a retry released. */
    public record Retry(int retried) {
    }

    public ParkedOutbox(JdbcClient jdbc, MeterRegistry meters, String service) {
        this.jdbc = jdbc;
        Gauge.builder(PARKED, this, ParkedOutbox::countOrNaN)
                .description("outbox rows parked for an operator (GET /internal/outbox/parked)")
                .tag("service", service)
                .register(meters);
    }

    /** The parked rows, oldest first (at most 500), each with how many later rows of its aggregate wait behind it. */
    public List<Parked> list() {
        return jdbc.sql("""
                SELECT p.id, p.event_id, p.event_type, p.event_version, p.topic, p.message_key, p.attempts,
                       p.last_error, p.created_at, p.parked_at,
                       (SELECT count(*) FROM outbox_event w
                        WHERE w.topic = p.topic AND w.message_key = p.message_key AND w.id > p.id
                          AND w.sent_at IS NULL) AS waiting_behind
                FROM outbox_event p WHERE p.parked_at IS NOT NULL AND p.sent_at IS NULL
                ORDER BY p.id LIMIT ?""")
                .param(LIST_LIMIT)
                .query((rs, n) -> new Parked(rs.getLong("id"), rs.getObject("event_id", UUID.class),
                        rs.getString("event_type"), rs.getInt("event_version"), rs.getString("topic"),
                        rs.getString("message_key"), rs.getInt("attempts"), rs.getString("last_error"),
                        instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("parked_at")),
                        rs.getLong("waiting_behind")))
                .list();
    }

    /** Releases one parked row; 0 when there is no parked row with this id. */
    public Retry retry(long id) {
        return new Retry(jdbc.sql("""
                UPDATE outbox_event SET parked_at = NULL, next_attempt_at = NULL
                WHERE id = ? AND parked_at IS NOT NULL AND sent_at IS NULL""")
                .param(id).update());
    }

    /** Releases every parked row. */
    public Retry retryAll() {
        return new Retry(jdbc.sql("""
                UPDATE outbox_event SET parked_at = NULL, next_attempt_at = NULL
                WHERE parked_at IS NOT NULL AND sent_at IS NULL""")
                .update());
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM outbox_event WHERE parked_at IS NOT NULL AND sent_at IS NULL")
                .query(Long.class).single();
    }

    private double countOrNaN() {
        try {
            return count();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
