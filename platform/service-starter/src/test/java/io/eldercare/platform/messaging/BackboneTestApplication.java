package io.eldercare.platform.messaging;

import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventCodec;
import io.eldercare.events.EventEnvelope;
import io.eldercare.events.EventUpcaster;
import io.eldercare.events.WorkOrderCompleted;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A minimal service that publishes to and consumes its own topic, recording each effect in a table. */
@SpringBootApplication
class BackboneTestApplication {

    /** Armed by a test to make the next relay pass die between sending and marking. */
    static final AtomicBoolean KILL_RELAY_AFTER_SEND = new AtomicBoolean();
    /** Set by a test to look around once, on the relay's thread, between a send that went out and its marking. */
    static final AtomicReference<Runnable> ONCE_AFTER_SEND = new AtomicReference<>();
    /** Set by a test when the consumer "is deployed" with a build that reads {@code WorkOrderCompleted} v99. */
    static final AtomicBoolean READS_V99 = new AtomicBoolean();
    /** Orders whose handling fails this many more times before it succeeds. */
    static final Map<UUID, AtomicInteger> FAILURES_BEFORE_SUCCESS = new ConcurrentHashMap<>();

    static final EventCodec.TypeKey COMPLETED_V1 = new EventCodec.TypeKey("WorkOrderCompleted", 1);
    static final EventCodec.TypeKey COMPLETED_V99 = new EventCodec.TypeKey("WorkOrderCompleted", 99);

    @Bean
    OutboxRelay.RelayHook crashingHook() {
        return sent -> {
            Runnable probe = sent > 0 ? ONCE_AFTER_SEND.getAndSet(null) : null;
            if (probe != null) {
                probe.run();
            }
            if (sent > 0 && KILL_RELAY_AFTER_SEND.compareAndSet(true, false)) {
                throw new IllegalStateException("relay killed after sending " + sent + " events");
            }
        };
    }

    /** v99 renames {@code amountFen} to {@code totalFen}; until {@link #READS_V99} is set it reads nothing. */
    @Bean
    EventUpcaster completedV99() {
        return new EventUpcaster() {
            @Override
            public EventCodec.TypeKey from() {
                return READS_V99.get() ? COMPLETED_V99 : new EventCodec.TypeKey("NotLearnedYet", 99);
            }

            @Override
            public EventCodec.TypeKey to() {
                return COMPLETED_V1;
            }

            @Override
            public JsonNode upcast(JsonNode payload) {
                ObjectNode v1 = (ObjectNode) payload;
                v1.set("amountFen", v1.remove("totalFen"));
                return v1;
            }
        };
    }

    @Bean
    DomainEventHandler recordEffects(JdbcClient jdbc) {
        return new DomainEventHandler() {
            @Override
            public Set<String> handles() {
                return Set.of("WorkOrderCompleted");
            }

            @Override
            public void on(DomainEvent event, EventEnvelope envelope) {
                if (event instanceof WorkOrderCompleted completed) {
                    AtomicInteger failuresLeft = FAILURES_BEFORE_SUCCESS.get(completed.orderId());
                    if (failuresLeft != null && failuresLeft.getAndDecrement() > 0) {
                        throw new org.springframework.dao.TransientDataAccessResourceException("the database is restarting");
                    }
                    jdbc.sql("INSERT INTO test_effect (event_id, elder_id, sequence, order_id) VALUES (?, ?, ?, ?)")
                            .params(envelope.eventId(), completed.elderId(), envelope.sequence(),
                                    completed.orderId())
                            .update();
                }
            }
        };
    }
}
