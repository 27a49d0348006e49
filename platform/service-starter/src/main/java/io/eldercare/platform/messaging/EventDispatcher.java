package io.eldercare.platform.messaging;

import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventCodec;
import io.eldercare.events.EventEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.eldercare.platform.domain.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads each record as an envelope and hands the payload to the handlers that name its type, in one transaction with
 * the inbox row. A type no handler names is skipped (its offset committed). A named type at a version this build
 * cannot read throws {@link UnknownEventVersionException}, and a record that is not an envelope throws
 * {@link io.eldercare.events.MalformedEventException}: the error handler sends both straight to the dead-letter topic.
 */
public class EventDispatcher implements MessageListener<String, String> {

    /** Records of a handled type this build could not read, parked in the dead-letter topic. */
    public static final String PARKED = "eldercare.events.parked";

    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

    private final EventCodec codec;
    private final Inbox inbox;
    private final TransactionTemplate transaction;
    private final List<DomainEventHandler> handlers;
    private final Set<String> handledTypes;
    private final String consumer;
    private final MeterRegistry meters;

    public EventDispatcher(EventCodec codec, Inbox inbox, TransactionTemplate transaction,
            List<DomainEventHandler> handlers, String consumer, MeterRegistry meters) {
        this.codec = codec;
        this.inbox = inbox;
        this.transaction = transaction;
        this.handlers = List.copyOf(handlers);
        this.handledTypes = handlers.stream().flatMap(handler -> handler.handles().stream())
                .collect(Collectors.toUnmodifiableSet());
        this.consumer = consumer;
        this.meters = meters;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> record) {
        EventEnvelope envelope = codec.read(record.value());
        if (!handledTypes.contains(envelope.type())) {
            log.debug("skipping {} v{} {}: no handler here names it", envelope.type(), envelope.version(),
                    envelope.eventId());
            return;
        }
        MDC.put(TraceIds.MDC_KEY, envelope.traceId() == null ? envelope.eventId().toString() : envelope.traceId());
        try {
            DomainEvent event = codec.payload(envelope).orElseThrow(() -> parked(envelope, record));
            transaction.executeWithoutResult(status -> {
                if (!inbox.firstDelivery(consumer, envelope.eventId(), envelope.type())) {
                    log.debug("duplicate delivery of {} {} dropped", envelope.type(), envelope.eventId());
                    return;
                }
                for (DomainEventHandler handler : handlers) {
                    if (handler.handles().contains(envelope.type())) {
                        handler.on(event, envelope);
                    }
                }
            });
        } catch (UnknownEventVersionException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("handling {} {} (partition {} offset {}) failed: {}", envelope.type(), envelope.eventId(),
                    record.partition(), record.offset(), e.toString());
            if (e instanceof Refusal refusal && !refusal.transientFailure()) {
                // a considered refusal will not change on a second try: park it now, do not hold the topic up
                throw new RejectedEventException(refusal);
            }
            throw e;
        } finally {
            MDC.remove(TraceIds.MDC_KEY);
        }
    }

    private UnknownEventVersionException parked(EventEnvelope envelope, ConsumerRecord<String, String> record) {
        log.warn("parking {} v{} {} from {}-{}@{}: handled here, but this build cannot read that version; replay it"
                + " from the dead-letter topic once a build that reads it is deployed", envelope.type(),
                envelope.version(), envelope.eventId(), record.topic(), record.partition(), record.offset());
        Counter.builder(PARKED)
                .description("records of a handled type at a version this build cannot read")
                .tag("consumer", consumer)
                .tag("type", envelope.type())
                .tag("version", Integer.toString(envelope.version()))
                .tag("reason", "unknown-version")
                .register(meters)
                .increment();
        return new UnknownEventVersionException(envelope.type(), envelope.version(), envelope.eventId());
    }
}
