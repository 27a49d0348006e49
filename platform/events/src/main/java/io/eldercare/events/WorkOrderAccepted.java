package io.eldercare.events;

import java.time.Instant;
import java.util.UUID;

/** The caregiver the order was offered to took it: they are the one expected at the door. */
@EventType(name = "WorkOrderAccepted", version = 1, aggregateType = "Elder")
public record WorkOrderAccepted(UUID orderId, UUID elderId, UUID providerId, UUID caregiverId, Instant acceptedAt)
        implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
