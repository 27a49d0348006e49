package io.eldercare.platform.messaging;

import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventCodec;
import io.eldercare.events.EventEnvelope;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads each record as an envelope, skips types this build does not know, and hands the payload to the service's
 * handlers in one transaction with the inbox row. A record that is not an envelope throws
 * {@link io.eldercare.events.MalformedEventException}, which the error handler sends straight to the dead-letter topic.
 */
public class EventDispatcher implements MessageListener<String, String> {

    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

    private final EventCodec codec;
    private final Inbox inbox;
    private final TransactionTemplate transaction;
    private final List<DomainEventHandler> handlers;
    private final String consumer;

    public EventDispatcher(EventCodec codec, Inbox inbox, TransactionTemplate transaction,
            List<DomainEventHandler> handlers, String consumer) {
        this.codec = codec;
        this.inbox = inbox;
        this.transaction = transaction;
        this.handlers = handlers;
        this.consumer = consumer;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> record) {
        EventEnvelope envelope = codec.read(record.value());
        Optional<DomainEvent> payload = codec.payload(envelope);
        if (payload.isEmpty()) {
            log.debug("skipping {} v{} {}: not known to this build", envelope.type(), envelope.version(),
                    envelope.eventId());
            return;
        }
        MDC.put(TraceIds.MDC_KEY, envelope.traceId() == null ? envelope.eventId().toString() : envelope.traceId());
        try {
            transaction.executeWithoutResult(status -> {
                if (!inbox.firstDelivery(consumer, envelope.eventId(), envelope.type())) {
                    log.debug("duplicate delivery of {} {} dropped", envelope.type(), envelope.eventId());
                    return;
                }
                handlers.forEach(handler -> handler.on(payload.get(), envelope));
            });
        } catch (RuntimeException e) {
            log.warn("handling {} {} (partition {} offset {}) failed: {}", envelope.type(), envelope.eventId(),
                    record.partition(), record.offset(), e.toString());
            throw e;
        } finally {
            MDC.remove(TraceIds.MDC_KEY);
        }
    }
}
