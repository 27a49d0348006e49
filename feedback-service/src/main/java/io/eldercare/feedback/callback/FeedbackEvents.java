package io.eldercare.feedback.callback;

import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventEnvelope;
import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.platform.messaging.DomainEventHandler;
import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** In: WorkOrderCompleted (open a callback due within the pack's deadline of completion). */
@Component
class FeedbackEvents implements DomainEventHandler {

    private final JdbcClient jdbc;
    private final CallbackDeadline deadline;
    private final Clock clock;

    FeedbackEvents(JdbcClient jdbc, CallbackDeadline deadline, Clock clock) {
        this.jdbc = jdbc;
        this.deadline = deadline;
        this.clock = clock;
    }

    @Override
    public java.util.Set<String> handles() {
        return java.util.Set.of("WorkOrderCompleted");
    }

    @Override
    public void on(DomainEvent event, EventEnvelope envelope) {
        if (event instanceof WorkOrderCompleted c) {
            jdbc.sql("""
                    INSERT INTO callback (order_id, elder_id, provider_id, item_code, completed_at, due_at, status,
                                          opened_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'OPEN', ?) ON CONFLICT (order_id) DO NOTHING""")
                    .params(c.orderId(), c.elderId(), c.providerId(), c.itemCode(), Timestamp.from(c.completedAt()),
                            Timestamp.from(c.completedAt().plus(deadline.of(c.policyCode(), c.serviceDate()))),
                            Timestamp.from(clock.instant()))
                    .update();
        }
    }
}
