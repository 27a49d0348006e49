package io.eldercare.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The bureau decided a visit's exception ({@code resolution}: VISIT_STANDS, the visit is paid once nothing else is open;
 * VISIT_NOT_PAID, the order is cancelled and its hold released).
 */
@EventType(name = "VisitExceptionResolved", version = 1, aggregateType = "Elder")
public record VisitExceptionResolved(UUID exceptionId, UUID orderId, UUID elderId, UUID providerId, String reason,
        String resolution, Instant resolvedAt) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
