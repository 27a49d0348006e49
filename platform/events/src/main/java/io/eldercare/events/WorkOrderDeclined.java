package io.eldercare.events;

import java.time.Instant;
import java.util.UUID;

/** The caregiver the order was offered to declined it (or gave it back before the visit); it waits for another. */
@EventType(name = "WorkOrderDeclined", version = 1, aggregateType = "Elder")
public record WorkOrderDeclined(UUID orderId, UUID elderId, UUID providerId, UUID caregiverId, String reason,
        Instant declinedAt) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
