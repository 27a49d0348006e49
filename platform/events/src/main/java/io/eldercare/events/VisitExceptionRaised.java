package io.eldercare.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A visit needs explaining before it is paid ({@code reason}: OUTSIDE_GEOFENCE, MISSING_CHECK_OUT, OVERLAPPING_VISITS,
 * DURATION_OFF_NORM, PHOTO_REUSED, IMPOSSIBLE_TRAVEL, ELDER_AWAY); counted against the provider in its evaluation.
 */
@EventType(name = "VisitExceptionRaised", version = 1, aggregateType = "Elder")
public record VisitExceptionRaised(UUID exceptionId, UUID orderId, UUID elderId, UUID providerId, String reason,
        Instant raisedAt) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
