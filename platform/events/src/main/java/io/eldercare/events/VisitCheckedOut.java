package io.eldercare.events;

import java.time.Instant;
import java.util.UUID;

/** The caregiver ended the visit: when, how far from the home, the photo's hash, and the verified minutes. */
@EventType(name = "VisitCheckedOut", version = 1, aggregateType = "Elder")
public record VisitCheckedOut(UUID orderId, UUID elderId, UUID providerId, UUID caregiverId, Instant checkedOutAt,
        int distanceMetres, String photoSha256, long verifiedMinutes) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
