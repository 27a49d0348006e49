package io.eldercare.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The caregiver began the visit at the elder's door: the door's code scanned, {@code distanceMetres} from the home
 * (inside the pack's geofence), a photo kept under {@code photoSha256}. No position is published: only the distance.
 */
@EventType(name = "VisitCheckedIn", version = 1, aggregateType = "Elder")
public record VisitCheckedIn(UUID orderId, UUID elderId, UUID providerId, UUID caregiverId, Instant checkedInAt,
        int distanceMetres, String photoSha256) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
