package io.eldercare.platform.messaging;

import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventEnvelope;
import io.eldercare.events.WorkOrderCompleted;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A minimal service that publishes to and consumes its own topic, recording each effect in a table. */
@SpringBootApplication
class BackboneTestApplication {

    /** Armed by a test to make the next relay pass die between sending and marking. */
    static final AtomicBoolean KILL_RELAY_AFTER_SEND = new AtomicBoolean();

    @Bean
    OutboxRelay.RelayHook crashingHook() {
        return sent -> {
            if (sent > 0 && KILL_RELAY_AFTER_SEND.compareAndSet(true, false)) {
                throw new IllegalStateException("relay killed after sending " + sent + " events");
            }
        };
    }

    @Bean
    DomainEventHandler recordEffects(JdbcClient jdbc) {
        return new DomainEventHandler() {
            @Override
            public java.util.Set<String> handles() {
                return java.util.Set.of("WorkOrderCompleted");
            }

            @Override
            public void on(DomainEvent event, EventEnvelope envelope) {
                if (event instanceof WorkOrderCompleted completed) {
                    jdbc.sql("INSERT INTO test_effect (event_id, elder_id, sequence, order_id) VALUES (?, ?, ?, ?)")
                            .params(envelope.eventId(), completed.elderId(), envelope.sequence(),
                                    completed.orderId())
                            .update();
                }
            }
        };
    }
}
