package io.eldercare.events;

import java.time.Instant;
import java.util.UUID;

/** An order was cancelled before completion; its hold has been released. */
@EventType(name = "WorkOrderCancelled", version = 1, aggregateType = "Elder")
public record WorkOrderCancelled(UUID orderId, UUID elderId, UUID providerId, String reason, Instant cancelledAt)
        implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
