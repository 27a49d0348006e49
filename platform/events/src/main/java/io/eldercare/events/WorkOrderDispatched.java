package io.eldercare.events;

import java.time.Instant;
import java.util.UUID;

/** An order was offered to one caregiver of its provider, who accepts or declines it. */
@EventType(name = "WorkOrderDispatched", version = 1, aggregateType = "Elder")
public record WorkOrderDispatched(UUID orderId, UUID elderId, UUID providerId, UUID caregiverId,
        Instant dispatchedAt) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
