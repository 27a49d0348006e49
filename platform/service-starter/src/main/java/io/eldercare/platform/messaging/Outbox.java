package io.eldercare.platform.messaging;

import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventCodec;
import io.eldercare.events.EventEnvelope;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.slf4j.MDC;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records an event in the same transaction as the business change that caused it; {@link OutboxRelay} publishes it
 * after commit. There is no way to publish outside a transaction: that is the point.
 */
public class Outbox {

    private final JdbcClient jdbc;
    private final EventCodec codec;
    private final Clock clock;
    private final String topic;
    private final String producer;

    public Outbox(JdbcClient jdbc, EventCodec codec, Clock clock, String topic, String producer) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.clock = clock;
        this.topic = topic;
        this.producer = producer;
    }

    /** Adds the event to the outbox of the current transaction and returns its envelope. */
    @Transactional(propagation = Propagation.MANDATORY)
    public EventEnvelope publish(DomainEvent event) {
        String aggregateType = EventCodec.aggregateTypeOf(event.getClass());
        long sequence = jdbc.sql("""
                INSERT INTO outbox_sequence (aggregate_type, aggregate_id, last_sequence) VALUES (?, ?, 1)
                ON CONFLICT (aggregate_type, aggregate_id)
                DO UPDATE SET last_sequence = outbox_sequence.last_sequence + 1
                RETURNING last_sequence""")
                .params(aggregateType, event.aggregateId())
                .query(Long.class).single();
        String traceId = MDC.get(TraceIds.MDC_KEY);
        EventEnvelope envelope = codec.envelope(event, sequence, producer, traceId, OffsetDateTime.now(clock));
        jdbc.sql("""
                INSERT INTO outbox_event (event_id, topic, message_key, event_type, event_version, trace_id, envelope)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(envelope.eventId(), topic, envelope.aggregateId(), envelope.type(), envelope.version(),
                        traceId, codec.write(envelope))
                .update();
        return envelope;
    }
}
